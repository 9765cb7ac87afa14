/** For tests: binary COPY data (copy-binary.ts) read back into rows of raw fields (header 19 bytes, then per row a field count and length-prefixed fields). */
export const copyRows = (data: Uint8Array): Buffer[][] => {
  const b = Buffer.from(data);
  const all: Buffer[][] = [];
  let at = 19;
  for (;;) {
    const fields = b.readInt16BE(at);
    at += 2;
    if (fields === -1) return all;
    const row: Buffer[] = [];
    for (let f = 0; f < fields; f++) {
      const len = b.readInt32BE(at);
      row.push(b.subarray(at + 4, at + 4 + len));
      at += 4 + len;
    }
    all.push(row);
  }
};
