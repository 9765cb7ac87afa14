/** Links in the body: anchors of the HTML part (href and shown text) and bare URLs of the text part. */
import { isIP } from "node:net";
import { registrableOf } from "./parse.js";
import type { Link } from "./types.js";

const MAX_LINKS = 2000;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
export const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });

export const hostOf = (href: string): string | null => {
  try {
    const u = new URL(href);
    if (u.protocol !== "http:" && u.protocol !== "https:" && u.protocol !== "ftp:") return null;
    return u.hostname.replace(/^\[|\]$/g, "").toLowerCase() || null;
  } catch {
    return null;
  }
};

const linkOf = (href: string, text: string, part: Link["part"], offset: number): Link | null => {
  const host = hostOf(href);
  if (!host) return null;
  return { href, text, host, registrable: isIP(host) ? host : registrableOf(host), part, offset };
};

// Linear on hostile HTML: an opening tag cannot run past the next "<", and closing tags are found in one forward
// pass shared by all anchors (a regex with a bounded lazy body rescans up to its bound at every "<a").
const OPEN_A = /<a\b([^<>]*)>/gi;
const CLOSE_A = /<\/a\s*>/gi;
const MAX_TEXT = 2000;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
// full-width brackets and Japanese punctuation end a URL written in Japanese text
const BARE_URL = /\bhttps?:\/\/[^\s<>"'`（）「」『』【】、。）]{1,2000}/gi;

export const extractLinks = (html: string, text: string): Link[] => {
  const links: Link[] = [];
  let close: { at: number; end: number } | null = null;
  let closeSearchedTo = 0;
  for (let m = OPEN_A.exec(html); m && links.length < MAX_LINKS; m = OPEN_A.exec(html)) {
    const textStart = m.index + m[0].length;
    if (!close || close.at < textStart) {
      if (closeSearchedTo === html.length && !close) continue;
      CLOSE_A.lastIndex = Math.max(textStart, closeSearchedTo);
      const c = CLOSE_A.exec(html);
      close = c ? { at: c.index, end: c.index + c[0].length } : null;
      closeSearchedTo = c ? c.index : html.length;
    }
    const h = HREF.exec(m[1] ?? "");
    if (!h) continue;
    const href = decodeEntities((h[1] ?? h[2] ?? h[3] ?? "").trim());
    const raw = close && close.at - textStart <= MAX_TEXT ? html.slice(textStart, close.at) : "";
    const shown = decodeEntities(raw.replace(/<[^<>]*>/g, "")).replace(/\s+/g, " ").trim();
    const l = linkOf(href, shown, "html", m.index);
    if (l) links.push(l);
  }
  OPEN_A.lastIndex = 0;
  for (let m = BARE_URL.exec(text); m && links.length < MAX_LINKS; m = BARE_URL.exec(text)) {
    const href = m[0].replace(/[.,;:!?)\]]+$/, "");
    const l = linkOf(href, href, "text", m.index);
    if (l) links.push(l);
  }
  BARE_URL.lastIndex = 0;
  return links;
};

/** The host a link's shown text names, when the text looks like a URL or a domain ("https://bank.jp/login", "www.ana.co.jp"). */
export const shownHost = (text: string): string | null => {
  const t = text.normalize("NFKC").trim();
  if (/^https?:\/\//i.test(t)) return hostOf(t.split(/\s/)[0] ?? "");
  const m = /^(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]\S*)?$/i.exec(t);
  return m ? t.replace(/[/:?#].*$/, "").toLowerCase() : null;
};
