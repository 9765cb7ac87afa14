/**
 * A Shift_JIS (Windows-31J) encoder built from the platform decoder's table, for the generator's test files
 * (Node ships a Shift_JIS decoder but no encoder). Characters without a mapping become "?".
 */
let table: Map<number, number> | null = null;

function build(): Map<number, number> {
  const t = new Map<number, number>();
  const dec = new TextDecoder("shift_jis");
  for (let b = 0xa1; b <= 0xdf; b++) t.set(dec.decode(Uint8Array.of(b)).charCodeAt(0), b);
  const leads = [...Array.from({ length: 0x1f }, (_, i) => 0x81 + i), ...Array.from({ length: 0x1d }, (_, i) => 0xe0 + i)];
  for (const lead of leads)
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const s = dec.decode(Uint8Array.of(lead, trail));
      if (s.length !== 1 || s === "\ufffd") continue;
      const c = s.charCodeAt(0);
      if (!t.has(c)) t.set(c, (lead << 8) | trail);
    }
  return t;
}

export function encodeShiftJis(s: string): Buffer {
  table ??= build();
  const out = Buffer.allocUnsafe(s.length * 2);
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    const b = table.get(c);
    if (b === undefined) out[o++] = 0x3f;
    else if (b < 0x100) out[o++] = b;
    else {
      out[o++] = b >> 8;
      out[o++] = b & 0xff;
    }
  }
  return out.subarray(0, o);
}
