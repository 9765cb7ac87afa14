/**
 * The per-pair state every input feeds: hosts interned to ids, one row per (internal source, outside destination)
 * pair in typed arrays, and each pair's connections (second, originator IP bytes, originator payload bytes) in
 * chunks of one shared arena, up to PAIR_CAP a pair (RITA keeps 86,400 per pair too). Memory therefore grows with
 * pairs and stops growing with records once a pair is full; only counts and totals go on after that.
 */
import { ipv4ToString, type Perimeter, SIDE, type Side } from "./net.js";

export const PAIR_CAP = 86_400;
const PAGE_BITS = 20;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;
const DAY = 86_400;

/**
 * Open addressing from a key of two int32 lanes to a dense id. Each slot is [a, b, id + 1, −] in one Int32Array (0:
 * empty, so a fresh array needs no fill: filling it with −1 was 7 % of the profile), so a probe touches one cache line: with three separate arrays the probe was three cache misses and the
 * single hottest line of the 1M-record profile (10 % of samples; docs/egress.md).
 */
export class PairIndex {
  private slots: Int32Array;
  private mask: number;
  size = 0;
  created = false;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.slots = PairIndex.empty(cap);
    this.mask = cap - 1;
  }

  private static empty(cap: number): Int32Array {
    return new Int32Array(cap * 4);
  }

  /** murmur3's finaliser over both lanes: ids and addresses are dense in their low bits, the mask takes low bits. */
  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0xcc9e2d51) ^ Math.imul(b ^ (b >>> 16), 0x1b873593);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h;
  }

  idOf(a: number, b: number): number {
    const slots = this.slots;
    let i = PairIndex.hash(a, b) & this.mask;
    for (;;) {
      const o = i << 2;
      const id = slots[o + 2] as number;
      if (id === 0) break;
      if (slots[o] === a && slots[o + 1] === b) {
        this.created = false;
        return id - 1;
      }
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    const o = i << 2;
    slots[o] = a;
    slots[o + 1] = b;
    slots[o + 2] = id + 1;
    this.created = true;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = PairIndex.empty(cap);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 4) {
      if (old[j + 2] === 0) continue;
      let i = PairIndex.hash(old[j] as number, old[j + 1] as number) & mask;
      while (slots[(i << 2) + 2] !== 0) i = (i + 1) & mask;
      const o = i << 2;
      slots[o] = old[j] as number;
      slots[o + 1] = old[j + 1] as number;
      slots[o + 2] = old[j + 2] as number;
    }
    this.slots = slots;
    this.mask = mask;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }
}

/**
 * Bytes out, bytes in and connections per (pair or host, day), in typed arrays linked per owner: no JS array per
 * pair (341k small arrays made a quarter of the parse time garbage collection on the 1M-record file).
 */
export class DayTable {
  private readonly index = new PairIndex(1 << 14);
  private cap = 1 << 14;
  day = new Int32Array(this.cap);
  out = new Float64Array(this.cap);
  in = new Float64Array(this.cap);
  conns = new Float64Array(this.cap);
  next = new Int32Array(this.cap);
  private head = new Int32Array(1 << 14).fill(-1);

  add(owner: number, day: number, out: number, inBytes: number, connections = 1): void {
    // logs run in time order: the owner's newest day (the head of its list) is nearly always the one
    const newest = owner < this.head.length ? (this.head[owner] as number) : -1;
    const id = newest >= 0 && this.day[newest] === day ? newest : this.index.idOf(owner, day);
    if (id !== newest && this.index.created) {
      if (id >= this.cap) this.grow();
      if (owner >= this.head.length) {
        const h = new Int32Array(Math.max(this.head.length * 2, owner + 1)).fill(-1);
        h.set(this.head);
        this.head = h;
      }
      this.day[id] = day;
      this.next[id] = this.head[owner] as number;
      this.head[owner] = id;
    }
    this.out[id]! += out;
    this.in[id]! += inBytes;
    this.conns[id]! += connections;
  }

  /** [day, out, in, connections] repeated, for one owner. */
  list(owner: number): number[] {
    const out: number[] = [];
    for (let i = owner < this.head.length ? (this.head[owner] as number) : -1; i >= 0; i = this.next[i] as number) out.push(this.day[i] as number, this.out[i] as number, this.in[i] as number, this.conns[i] as number);
    return out;
  }

  private grow(): void {
    const n = this.cap * 2;
    this.day = growI32(this.day, n);
    this.out = growF64(this.out, n);
    this.in = growF64(this.in, n);
    this.conns = growF64(this.conns, n);
    this.next = growI32(this.next, n);
    this.cap = n;
  }

  get bytes(): number {
    return this.cap * 36 + this.index.bytes + this.head.byteLength;
  }
}

const growF64 = (x: Float64Array, n: number): Float64Array<ArrayBuffer> => {
  const y = new Float64Array(n);
  y.set(x);
  return y;
};
const growU32 = (x: Uint32Array, n: number): Uint32Array<ArrayBuffer> => {
  const y = new Uint32Array(n);
  y.set(x);
  return y;
};
const growI32 = (x: Int32Array, n: number): Int32Array<ArrayBuffer> => {
  const y = new Int32Array(n);
  y.set(x);
  return y;
};

/** The partition of a host: murmur3's finaliser of an IPv4 address, FNV-1a of a name or IPv6 text. */
export function partOf(text: string, v4: number, n: number): number {
  let h: number;
  if (v4 >= 0) {
    h = v4 | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  } else {
    h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return (h >>> 0) % n;
}

export const PROTO = { unknown: 0, tcp: 1, udp: 2, icmp: 3 } as const;
export const PROTO_NAMES = ["", "tcp", "udp", "icmp"] as const;

/** Counts of records that are not egress, by why. */
export type Ignored = { internal: number; inbound: number; external: number; notRouted: number };

export class FlowTable {
  // hosts
  private readonly v4Index = new PairIndex(1 << 12);
  private readonly textIds = new Map<string, number>();
  /** IPv4 as uint32, −1 for a text host (v6 or a name). */
  private hostV4: Float64Array = new Float64Array(1024);
  private hostText: (string | undefined)[] = [];
  private hostSide = new Uint8Array(1024);
  /** The worker (of `parts.n`) that owns a source host's pairs: a hash of the address or name, never of the id. */
  private hostPart = new Uint8Array(1024);
  hostCount = 0;
  /** Per internal host and day: bytes out and in, connections (egress flows only). */
  readonly hostDays = new DayTable();
  /** Host names learned for destination addresses (http Host, TLS SNI, DNS answers). */
  readonly names = new Map<number, string>();

  // pairs
  private readonly pairIndex = new PairIndex(1 << 14);
  pairCount = 0;
  private cap = 1 << 14;
  src = new Int32Array(this.cap);
  dst = new Int32Array(this.cap);
  count = new Float64Array(this.cap);
  bytesOut = new Float64Array(this.cap);
  bytesIn = new Float64Array(this.cap);
  first = new Float64Array(this.cap);
  last = new Float64Array(this.cap);
  maxDuration = new Float64Array(this.cap);
  maxDurationStart = new Float64Array(this.cap);
  totalDuration = new Float64Array(this.cap);
  /** The most frequent destination port (Boyer–Moore majority vote: exact when one port has most connections). */
  port = new Int32Array(this.cap);
  private portVotes = new Int32Array(this.cap);
  proto = new Int32Array(this.cap);
  /** Per pair and day: bytes out and in, connections. */
  readonly days = new DayTable();
  head = new Int32Array(this.cap);
  private tail = new Int32Array(this.cap);
  stored = new Int32Array(this.cap);
  /**
   * A pair's first connection (second, IP bytes, payload), kept in its row: most pairs are seen once (3.1M of the
   * bench's 3.5M), and they need neither a chunk of the arena nor a per-day entry (its day is its first second's).
   * The second connection moves it into a chunk and opens the pair's days.
   */
  private firstTs = new Uint32Array(this.cap);
  private firstIp = new Uint32Array(this.cap);
  private firstPayload = new Uint32Array(this.cap);

  // connections of every pair: chunks [next, capacity, used, (second, ipBytes, payloadBytes) × capacity]
  // in pages of PAGE words: a chunk's handle is page << PAGE_BITS | offset. One contiguous arena doubled and copied
  // as it grew (plus the zeroing of fresh pages) was 14 % of the 1M-record profile; pages are never copied.
  private pages: Uint32Array[] = [new Uint32Array(PAGE)];
  private arenaUsed = 1; // offset 0 of page 0 means "no chunk"

  records = 0;
  egress = 0;
  readonly ignored: Ignored = { internal: 0, inbound: 0, external: 0, notRouted: 0 };
  minTs = Infinity;
  maxTs = -Infinity;

  /**
   * `parts`: this table holds the pairs of the source hosts whose hash is `k` modulo `n` (worker k of n reads every
   * line and keeps its sources' records; parsers ask `mine`). Without it the table holds every pair.
   */
  constructor(
    private readonly perimeter: Perimeter,
    readonly parts: { k: number; n: number } = { k: 0, n: 1 },
  ) {}

  /** Whether this table keeps the records of this source host. */
  mine(srcId: number): boolean {
    return this.parts.n === 1 || this.hostPart[srcId] === this.parts.k;
  }

  /** The host id of an IPv4 address given as uint32. */
  hostV4Id(ip: number): number {
    const id = this.v4Index.idOf(ip | 0, 0x7fffffff);
    if (this.v4Index.created) this.newHost(ipv4ToString(ip), ip, true);
    return id;
  }

  /** The host id of an address or host name in text (v4 text goes through the same ids as bytes). */
  hostTextId(text: string, v4 = -1): number {
    if (v4 >= 0) return this.hostV4Id(v4);
    const known = this.textIds.get(text);
    if (known !== undefined) return known;
    // every host takes its id from the one index so that ids stay dense; a text host's key cannot be an IPv4 key
    const id = this.v4Index.idOf(this.hostCount, -1 - this.hostCount);
    this.textIds.set(text, id);
    this.newHost(text, -1, false);
    return id;
  }

  private newHost(text: string, v4: number, lazy: boolean): void {
    const id = this.hostCount++;
    if (id >= this.hostV4.length) {
      this.hostV4 = growF64(this.hostV4, this.hostV4.length * 2);
      const s = new Uint8Array(this.hostSide.length * 2);
      s.set(this.hostSide);
      this.hostSide = s;
      const q = new Uint8Array(this.hostPart.length * 2);
      q.set(this.hostPart);
      this.hostPart = q;
    }
    if (this.parts.n > 1) this.hostPart[id] = partOf(text, v4, this.parts.n);
    this.hostV4[id] = v4;
    this.hostText[id] = lazy ? undefined : text;
    this.hostSide[id] = this.perimeter.side(text, v4);
  }

  hostName(id: number): string {
    return (this.hostText[id] ??= ipv4ToString((this.hostV4[id] as number) >>> 0));
  }
  /** Whether the host is an IPv4 address (not IPv6 or a host name), without building its text. */
  isV4(id: number): boolean {
    return (this.hostV4[id] as number) >= 0;
  }
  side(id: number): Side {
    return this.hostSide[id] as Side;
  }

  /** A name for a destination address (the first one seen wins: later ones are usually CDN aliases). */
  label(dstId: number, name: string): void {
    if (!this.names.has(dstId)) this.names.set(dstId, name);
  }

  /** One connection. Seconds may be fractional; bytes and duration 0 when the log left them unset. */
  add(ts: number, srcId: number, dstId: number, port: number, proto: number, duration: number, origBytes: number, respBytes: number, origIpBytes: number): void {
    this.records++;
    const s = this.hostSide[srcId] as Side;
    const d = this.hostSide[dstId] as Side;
    if (s !== SIDE.Internal || d !== SIDE.External) {
      if (s === SIDE.NotRouted || d === SIDE.NotRouted) this.ignored.notRouted++;
      else if (s === SIDE.Internal) this.ignored.internal++;
      else if (d === SIDE.Internal) this.ignored.inbound++;
      else this.ignored.external++;
      return;
    }
    this.egress++;
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
    const p = this.pairIndex.idOf(srcId, dstId);
    if (this.pairIndex.created) this.newPair(p, srcId, dstId, ts);
    this.count[p]!++;
    this.bytesOut[p]! += origBytes;
    this.bytesIn[p]! += respBytes;
    if (ts < (this.first[p] as number)) this.first[p] = ts;
    if (ts > (this.last[p] as number)) this.last[p] = ts;
    if (duration > 0) {
      this.totalDuration[p]! += duration;
      if (duration > (this.maxDuration[p] as number)) {
        this.maxDuration[p] = duration;
        this.maxDurationStart[p] = ts;
      }
    }
    if (this.port[p] === port) this.portVotes[p]!++;
    else if (this.portVotes[p] === 0) {
      this.port[p] = port;
      this.portVotes[p] = 1;
      this.proto[p] = proto;
    } else this.portVotes[p]!--;
    const day = Math.floor(ts / DAY);
    const seen = this.count[p] as number;
    // the pair's first connection stays in its row; at the second, its day is opened with the first one's figures
    if (seen === 2) this.days.add(p, Math.floor((this.firstTs[p] as number) / DAY), (this.bytesOut[p] as number) - origBytes, (this.bytesIn[p] as number) - respBytes);
    if (seen >= 2) this.days.add(p, day, origBytes, respBytes);
    this.hostDays.add(srcId, day, origBytes, respBytes);
    if ((this.stored[p] as number) < PAIR_CAP) this.store(p, ts, origIpBytes, origBytes);
  }

  /** Per pair and day [day, out, in, connections] repeated (a pair seen once has its one day from its row). */
  pairDays(p: number): number[] {
    if ((this.count[p] as number) === 1) return [Math.floor((this.firstTs[p] as number) / DAY), this.bytesOut[p] as number, this.bytesIn[p] as number, 1];
    return this.days.list(p);
  }

  private newPair(p: number, srcId: number, dstId: number, ts: number): void {
    if (p >= this.cap) this.growPairs();
    this.pairCount = p + 1;
    this.src[p] = srcId;
    this.dst[p] = dstId;
    this.first[p] = ts;
    this.last[p] = ts;
    this.port[p] = -1;
  }

  private growPairs(): void {
    const n = this.cap * 2;
    this.src = growI32(this.src, n);
    this.dst = growI32(this.dst, n);
    this.count = growF64(this.count, n);
    this.bytesOut = growF64(this.bytesOut, n);
    this.bytesIn = growF64(this.bytesIn, n);
    this.first = growF64(this.first, n);
    this.last = growF64(this.last, n);
    this.maxDuration = growF64(this.maxDuration, n);
    this.maxDurationStart = growF64(this.maxDurationStart, n);
    this.totalDuration = growF64(this.totalDuration, n);
    this.port = growI32(this.port, n);
    this.portVotes = growI32(this.portVotes, n);
    this.proto = growI32(this.proto, n);
    this.head = growI32(this.head, n);
    this.tail = growI32(this.tail, n);
    this.stored = growI32(this.stored, n);
    this.firstTs = growU32(this.firstTs, n);
    this.firstIp = growU32(this.firstIp, n);
    this.firstPayload = growU32(this.firstPayload, n);
    this.cap = n;
  }

  /** The pair's last chunk, a new one when it is full (capacity grows 4, 16, 64 … 1024 so small pairs waste little). */
  private chunkWithRoom(p: number): number {
    const c = this.tail[p] as number;
    let capacity = 4;
    if (c !== 0) {
      const a = this.pages[c >>> PAGE_BITS]!;
      const o = c & PAGE_MASK;
      if ((a[o + 2] as number) < (a[o + 1] as number)) return c;
      capacity = Math.min(1024, (a[o + 1] as number) * 4);
    }
    const size = 3 + capacity * 3;
    if (this.arenaUsed - (this.pages.length - 1) * PAGE + size > PAGE) {
      this.pages.push(new Uint32Array(PAGE));
      this.arenaUsed = (this.pages.length - 1) * PAGE;
    }
    const n = this.arenaUsed;
    this.arenaUsed += size;
    const arena = this.pages[n >>> PAGE_BITS]!;
    const o = n & PAGE_MASK;
    arena[o + 1] = capacity; // next (o) and used (o + 2) are 0 in a fresh page
    if (c === 0) this.head[p] = n;
    else this.pages[c >>> PAGE_BITS]![c & PAGE_MASK] = n;
    this.tail[p] = n;
    return n;
  }

  private store(p: number, ts: number, ipBytes: number, payload: number): void {
    const n = this.stored[p] as number;
    if (n === 0) {
      this.firstTs[p] = ts;
      this.firstIp[p] = ipBytes > 0xffffffff ? 0xffffffff : ipBytes;
      this.firstPayload[p] = payload > 0xffffffff ? 0xffffffff : payload;
      this.stored[p] = 1;
      return;
    }
    if (n === 1 && this.head[p] === 0) {
      // the second connection: the first moves from the row into the pair's first chunk
      this.stored[p] = 0;
      this.append(p, this.firstTs[p] as number, this.firstIp[p] as number, this.firstPayload[p] as number);
    }
    this.append(p, ts, ipBytes, payload);
  }

  private append(p: number, ts: number, ipBytes: number, payload: number): void {
    const c = this.chunkWithRoom(p);
    const arena = this.pages[c >>> PAGE_BITS]!;
    const h = c & PAGE_MASK;
    const used = arena[h + 2] as number;
    const o = h + 3 + used * 3;
    arena[o] = ts;
    arena[o + 1] = ipBytes > 0xffffffff ? 0xffffffff : ipBytes;
    arena[o + 2] = payload > 0xffffffff ? 0xffffffff : payload;
    arena[h + 2] = used + 1;
    this.stored[p]!++;
  }

  /** A pair's stored connections sorted by time: seconds, originator IP bytes, originator payload bytes. */
  connections(p: number): { ts: Uint32Array; ipBytes: Float64Array; payload: Float64Array } {
    const n = this.stored[p] as number;
    if (n === 1 && this.head[p] === 0) return { ts: Uint32Array.of(this.firstTs[p] as number), ipBytes: Float64Array.of(this.firstIp[p] as number), payload: Float64Array.of(this.firstPayload[p] as number) };
    const rows = new Float64Array(n * 3);
    let k = 0;
    for (let c = this.head[p] as number; c !== 0; ) {
      const a = this.pages[c >>> PAGE_BITS]!;
      const h = c & PAGE_MASK;
      c = a[h] as number;
      const used = a[h + 2] as number;
      for (let i = 0; i < used; i++, k += 3) {
        const o = h + 3 + i * 3;
        rows[k] = a[o] as number;
        rows[k + 1] = a[o + 1] as number;
        rows[k + 2] = a[o + 2] as number;
      }
    }
    // logs are nearly always in time order: sort only when they are not
    let ordered = true;
    for (let i = 3; i < rows.length && ordered; i += 3) ordered = (rows[i] as number) >= (rows[i - 3] as number);
    const order = ordered ? null : Array.from({ length: n }, (_, i) => i).sort((x, y) => (rows[x * 3] as number) - (rows[y * 3] as number));
    const ts = new Uint32Array(n);
    const ipBytes = new Float64Array(n);
    const payload = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = (order ? (order[i] as number) : i) * 3;
      ts[i] = rows[o] as number;
      ipBytes[i] = rows[o + 1] as number;
      payload[i] = rows[o + 2] as number;
    }
    return { ts, ipBytes, payload };
  }

  /** Bytes held by the table (for the memory figures). */
  get bytes(): number {
    return this.pages.length * PAGE * 4 + this.cap * (4 * 12 + 8 * 10) + this.pairIndex.bytes + this.v4Index.bytes + this.days.bytes + this.hostDays.bytes;
  }
}

/** Adds to a [day, out, in, connections]… list; logs are mostly in time order, so the last day is checked first. */
export function addDay(list: number[], day: number, out: number, inBytes: number, connections = 1): void {
  const n = list.length;
  if (n > 0 && list[n - 4] === day) {
    list[n - 3]! += out;
    list[n - 2]! += inBytes;
    list[n - 1]! += connections;
    return;
  }
  for (let i = 0; i < n; i += 4)
    if (list[i] === day) {
      list[i + 1]! += out;
      list[i + 2]! += inBytes;
      list[i + 3]! += connections;
      return;
    }
  list.push(day, out, inBytes, connections);
}
