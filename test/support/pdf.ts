/**
 * Reading a PDF the way a person's viewer does, with poppler-utils (installed by .ci/run): the fonts it embeds
 * (pdffonts), its text (pdftotext) and a page as pixels (pdftoppm, greyscale PGM parsed here, or a PNG file).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const withFile = <T>(pdf: Buffer, fn: (path: string, dir: string) => T): T => {
  const dir = mkdtempSync(join(tmpdir(), "sokuho-pdf-"));
  try {
    const path = join(dir, "doc.pdf");
    writeFileSync(path, pdf);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export type PdfFont = { name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean };

/** The fonts of a PDF as pdffonts lists them. */
export const pdfFonts = (pdf: Buffer): PdfFont[] =>
  withFile(pdf, (path) => execFileSync("pdffonts", [path], { encoding: "utf8" }))
    .split("\n").slice(2).filter((l) => l.trim() !== "").map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type… encoding emb sub uni objectId generation: read the flags from the end.
      const [emb, sub, uni] = cols.slice(-5, -2);
      return { name: cols[0]!, type: cols.slice(1, -6).join(" "), embedded: emb === "yes", subset: sub === "yes", unicode: uni === "yes" };
    });

export const pdfPages = (pdf: Buffer): number =>
  Number(/Pages:\s+(\d+)/.exec(withFile(pdf, (path) => execFileSync("pdfinfo", [path], { encoding: "utf8" })))?.[1] ?? 0);

export const pdfText = (pdf: Buffer): string => withFile(pdf, (path) => execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"], { encoding: "utf8" }));

export type Raster = { width: number; height: number; pixels: Uint8Array };

/** One page in greyscale (0 black … 255 white) at `dpi`. */
export const rasterPage = (pdf: Buffer, page = 1, dpi = 72): Raster =>
  withFile(pdf, (path, dir) => {
    execFileSync("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", path, join(dir, "page")]);
    const pgm = readFileSync(join(dir, "page.pgm"));
    // Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString("latin1"));
    if (!header) throw new Error("pdftoppm did not write a PGM");
    const width = Number(header[1]), height = Number(header[2]);
    return { width, height, pixels: pgm.subarray(header[0].length, header[0].length + width * height) };
  });

/** Writes one page as a PNG file (for a person to look at; the tests read rasterPage). */
export const pagePng = (pdf: Buffer, out: string, page = 1, dpi = 100): void =>
  withFile(pdf, (path) => {
    execFileSync("pdftoppm", ["-png", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", path, out.replace(/\.png$/, "")]);
  });

/** The share of pixels darker than mid-grey: 0 for a blank page. */
export const inkRatio = (r: Raster): number => {
  let dark = 0;
  for (const v of r.pixels) if (v < 128) dark++;
  return dark / r.pixels.length;
};
