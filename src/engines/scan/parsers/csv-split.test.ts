/**
 * The WebAssembly split (csv-split.wat) against the JavaScript loop of csv-bytes.ts: same records, fields, line
 * numbers, return positions and Fallbacks; and the committed module equal to its source.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { ByteCsvParser, Fallback, wasmSplitAvailable } from "./csv-bytes.js";
import { CsvParser } from "./csv.js";
import { wasmBase64 } from "./csv-split.wasm.js";
import { assemble, outputPath, wasmModuleSource } from "../../../../scripts/build-wasm.js";

const WAT = fileURLToPath(new URL("./csv-split.wat", import.meta.url));

interface Run {
  /** records (fields decoded) with their line, "F" for a Fallback */
  events: string[];
  /** what each parse() call returned */
  returns: number[];
  line: number;
}

/**
 * Feed `data` to a parser as a range does: parse up to each cut (not final), then to the end (final). `shift`: the
 * bytes' offset in their buffer (the WebAssembly split loads from any offset).
 */
function run(split: "wasm" | "js", data: Buffer, delimiter: string, cuts: number[], opts: { shift?: number; maxRecords?: number; maxRecordChars?: number } = {}): Run {
  const events: string[] = [];
  const returns: number[] = [];
  const p = new ByteCsvParser({
    delimiter,
    split,
    ...(opts.maxRecordChars ? { maxRecordChars: opts.maxRecordChars } : {}),
    onBytes: (b, o, base, n, l) => {
      const f: string[] = [];
      for (let k = 0; k < n; k++) f.push(Buffer.from(b.subarray(o[base + 2 * k], o[base + 2 * k + 1])).toString("utf8"));
      events.push(`${l}:${JSON.stringify(f)}`);
    },
    onRecord: (f, n, l) => void events.push(`${l}:q${JSON.stringify(f.slice(0, n))}`),
    onDiag: (c, l) => void events.push(`${l}:${c}`),
  });
  const shift = opts.shift ?? 0;
  const whole = p.buffer(data.length + shift);
  const buf = whole.subarray(shift);
  data.copy(buf);
  let at = 0;
  try {
    for (const cut of cuts) {
      if (cut < at) continue;
      at = p.parse(buf, at, cut, false, opts.maxRecords);
      returns.push(at);
    }
    returns.push(p.parse(buf, at, data.length, true, opts.maxRecords));
  } catch (e) {
    if (!(e instanceof Fallback)) throw e;
    events.push("F");
  }
  return { events, returns, line: p.line };
}

const same = (data: Buffer, d: string, cuts: number[], opts: Parameters<typeof run>[4] = {}): void => {
  const js = run("js", data, d, cuts, opts);
  const wasm = run("wasm", data, d, cuts, opts);
  assert.deepEqual(wasm, js, `${JSON.stringify(data.toString("utf8"))} cuts ${cuts.join(" ")} ${JSON.stringify(opts)}`);
};

describe("CSV split in WebAssembly", { skip: !wasmSplitAvailable() && "no WebAssembly SIMD" }, () => {
  test("the committed module is the assembled csv-split.wat", async () => {
    const bytes = await assemble(WAT);
    assert.deepEqual(Buffer.from(wasmBase64, "base64"), Buffer.from(bytes));
    assert.equal(readFileSync(outputPath(WAT), "utf8"), wasmModuleSource(WAT, bytes));
  });

  test("same records, fields, lines and returns as the JavaScript split (fuzz)", () => {
    const cell = fc.oneof(
      { weight: 6, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 3, arbitrary: fc.constantFrom("", "山田", "ｶﾅ", "\ufeff", "\ufffd", "ab", "0123456789abcdef", "x".repeat(31)) },
      { weight: 2, arbitrary: fc.constantFrom('"', '""', ",", "\t", ";", "|", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", 'a"b', '"x"y') },
    );
    const row = fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 10 }),
        fc.constantFrom(",", ";", "\t", "|"),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        fc.nat(17),
        fc.constantFrom(undefined, undefined, 1, 2),
        fc.constantFrom(undefined, undefined, 5, 17, 40),
        (rows, d, cuts, crlf, lastNewline, shift, maxRecords, maxRecordChars) => {
          const quote = (c: string): string => `"${c.replace(/"/g, '""')}"`;
          let text = rows.map((r) => r.map(([c, q]) => (q ? quote(c) : c)).join(d)).join(crlf ? "\r\n" : "\n");
          if (lastNewline) text += "\n";
          const data = Buffer.from(text, "utf8");
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
          same(data, d, points, { shift, ...(maxRecords ? { maxRecords } : {}), ...(maxRecordChars ? { maxRecordChars } : {}) });
        },
      ),
      { numRuns: 3000 },
    );
  });

  test("a cut at every position of a small input, every alignment, final and not", () => {
    const lines = ["a,b,c", "", "山田,太郎,0123456789abcdef0,", "\r", ",,,", 'x,"q,1",y', "ｶﾅ,ﾀﾛｳ", "long-field-over-sixteen-bytes,z\r", "e"];
    for (const d of [",", "\t"])
      for (let pre = 0; pre < 32; pre += pre < 16 ? 1 : 5) {
        // `pre` moves every byte against the 32-byte steps of the split (which start at the first record)
        const data = Buffer.from(`${"p".repeat(pre)}\n${lines.join("\n")}`.replaceAll(",", d), "utf8");
        for (const shift of pre === 0 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : [pre])
          for (let cut = 0; cut <= data.length; cut++) {
            same(data, d, [cut], { shift });
            same(data, d, [cut, Math.min(data.length, cut + 7)], { shift, maxRecords: 1 });
          }
        same(Buffer.concat([data, Buffer.from("\n")]), d, [], { maxRecordChars: 8 });
      }
  });

  test("a delimiter, line feed, CR or quote at every position of a 32-byte step; many delimiters in one", () => {
    for (const s of [",", "\n", "\r\n", '"', ",\n", "\n\n", ",,", ",,,,,", ",a,b,c,d,e,f,g,h,i\n,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"])
      for (let at = 0; at < 70; at++) {
        const text = `${"a".repeat(at)}${s}${"b".repeat(70 - at)}\n${"c".repeat(at)},d\n`;
        for (const shift of [0, 1, 15]) same(Buffer.from(text), ",", [], { shift });
      }
  });

  test("more records than the split's output area holds; records with many fields", () => {
    const many = Array.from({ length: 60000 }, (_, i) => `${i},x${i % 7},,y`).join("\n") + "\n";
    same(Buffer.from(many), ",", [1000, 500000]);
    const wide = Array.from({ length: 3 }, () => ",".repeat(40000)).join("\n");
    same(Buffer.from(wide), ",", []);
  });

  test("buffer() keeps its contents when it grows", () => {
    const p = new ByteCsvParser({ delimiter: ",", split: "wasm", onBytes: () => {}, onRecord: () => {} });
    const a = p.buffer(1000);
    a.fill(7);
    a[999] = 9;
    const b = p.buffer(1 << 22, 1000);
    assert.equal(b.length, 1 << 22);
    assert.equal(b[0], 7);
    assert.equal(b[999], 9);
  });
});

/** The string parser's records of the whole input (final), as run() writes them (a record's origin left out). */
function textRecords(data: Buffer, delimiter: string): string[] {
  const events: string[] = [];
  const p = new CsvParser({
    delimiter,
    stripBom: false,
    onRecord: (f, n, l) => void events.push(`${l}:${JSON.stringify(f.slice(0, n))}`),
    onDiag: (c, l) => void events.push(`${l}:${c}`),
  });
  p.push(data.toString("utf8"));
  p.end();
  return events;
}

describe("records with quotes split on the bytes (every field in quotes, as exports write them)", () => {
  const splits = wasmSplitAvailable() ? (["js", "wasm"] as const) : (["js"] as const);
  test("the same fields, lines and diagnostics as the string parser (fuzz: plain quotes, doubled ones, line breaks, text after a closing quote, stray quotes, CRs)", () => {
    const cell = fc.oneof(
      { weight: 6, arbitrary: fc.string({ maxLength: 12 }).filter((c) => !c.includes("\ufffd") && !c.includes("\ufeff")) },
      { weight: 3, arbitrary: fc.constantFrom("", "山田", "ｶﾅ", "ab", "0123456789abcdef", "x".repeat(31)) },
      { weight: 2, arbitrary: fc.constantFrom('"', '""', ",", "\t", "\n", "\r\n", "\r", 'a"b', '"x"y', " ") },
    );
    // how a field is written: bare, in quotes, in quotes with text after the closing quote, a space before the quote
    const style = fc.constantFrom("bare", "quoted", "quoted", "quoted", "tail", "space");
    const row = fc.array(fc.tuple(cell, style), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.constantFrom(",", "\t"), fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 3 }), (rows, d, crlf, lastNewline, cuts) => {
        const write = ([c, how]: [string, string]): string =>
          how === "bare" ? c : how === "quoted" ? `"${c.replace(/"/g, '""')}"` : how === "tail" ? `"${c.replace(/"/g, '""')}"z` : ` "${c}"`;
        let text = rows.map((r) => r.map(write).join(d)).join(crlf ? "\r\n" : "\n");
        if (lastNewline) text += crlf ? "\r\n" : "\n";
        const data = Buffer.from(text, "utf8");
        const want = textRecords(data, d);
        const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        for (const split of splits) {
          const got = run(split, data, d, points);
          assert.deepEqual(got.events.map((e) => e.replace(/^(\d+):q/, "$1:")), want, `${split} ${JSON.stringify(text)} cuts ${points.join(" ")}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("a record of plain quotes is split in place (no string parsing); one with a doubled quote or a line break is not", () => {
    const data = Buffer.from('"佐藤 太郎","taro@example.jp",""\r\n"a""b",x\n"line\nbreak",y\n"t"z,w\n', "utf8");
    for (const split of splits) {
      const { events } = run(split, data, ",", []);
      assert.deepEqual(events, ['1:["佐藤 太郎","taro@example.jp",""]', '2:q["a\\"b","x"]', '3:q["line\\nbreak","y"]', "5:STRAY_QUOTE", '5:q["tz","w"]']);
    }
  });
});
