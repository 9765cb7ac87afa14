/**
 * saxes over XML that arrives in pieces, for the workbook readers (xlsx.ts, spreadsheetml.ts): tags by their local
 * name (`<x:row>` as `row`: some writers prefix the main namespace), and the first damage reported once — after it
 * saxes would go on guessing, so its events are dropped and the rows read so far are what the file gives.
 */
import type { SaxesParser, SaxesTagPlain } from "saxes";
import { saxes } from "../libraries.js";

export interface XmlHandlers {
  open(name: string, tag: SaxesTagPlain): void;
  text(text: string): void;
  close(name: string): void;
  /** the XML is damaged here (called once) */
  damaged(line: number): void;
}

/** A tag's name without its namespace prefix. */
export const localName = (name: string): string => {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
};

/** An attribute by its local name (`ss:Index` or `Index`, `r:id` or `ns1:id`), whatever the prefix. */
export const attr = (t: SaxesTagPlain, name: string): string | undefined => {
  for (const [k, v] of Object.entries(t.attributes)) if (localName(k) === name) return v;
  return undefined;
};

export class XmlStream {
  private readonly sax: SaxesParser = new (saxes().SaxesParser)();
  private broken = false;

  constructor(private readonly on: XmlHandlers) {
    this.sax.on("opentag", (t) => this.broken || on.open(localName(t.name), t));
    this.sax.on("text", (s) => this.broken || on.text(s));
    this.sax.on("cdata", (s) => this.broken || on.text(s));
    this.sax.on("closetag", (t) => this.broken || on.close(localName(t.name)));
    this.sax.on("error", () => this.damage());
  }

  /** The line saxes is at (from 1). */
  get line(): number {
    return this.sax.line;
  }

  write(text: string): void {
    if (this.broken) return;
    try {
      this.sax.write(text);
    } catch {
      this.damage();
    }
  }

  close(): void {
    if (this.broken) return;
    try {
      this.sax.close();
    } catch {
      this.damage();
    }
  }

  private damage(): void {
    if (this.broken) return;
    this.broken = true;
    this.on.damaged(this.sax.line);
  }
}
