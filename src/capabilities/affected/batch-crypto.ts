/**
 * The WebAssembly half of the registry import's encoding (batch.ts): batch-crypto.wat, assembled into
 * batch-crypto.wasm.ts (scripts/build-wasm.ts), instantiated synchronously from those bytes. One instance per
 * encoder (per worker thread): its memory holds the constants (SHA-256's K, the HMAC key's midstates, the GHASH
 * tables of H) and, from byte 131,072, the batch being encoded in the layout batch.ts chooses.
 */
import { wasmBase64 } from "./batch-crypto.wasm.js";
import { K, hmacMidstates } from "./fast-hmac.js";
import { REM8, table } from "./gcm-batch.js";

/** The first byte free for the batch (below it, batch-crypto.wat's constants and scratch space). */
export const HEAP = 131072;

/** The little of the WebAssembly JS API used here (the project's TypeScript libs have no DOM, so no types for it). */
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number };
type WasmModule = object;
type WasmApi = {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
};
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

type Exports = {
  memory: WasmMemory;
  hmac(jobs: number, count: number, blocks: number): void;
  ctr(jobs: number, n: number, nonces: number, ctrBase: number): void;
  seal(jobs: number, n: number, ksBase: number): void;
};

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly (with SIMD) is unavailable: batch.ts then encodes in JavaScript. */
export function batchCryptoModule(): WasmModule | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(wasmBase64, "base64");
    compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled ?? null;
}

export class BatchCrypto {
  private readonly ex: Exports;
  /** Views of the memory (renewed when it grows). */
  heap!: Buffer;
  i32!: Int32Array;
  dv!: DataView;

  /** `hmacKey`: the identifier key (32–64 bytes); `h`: E(K, 0¹²⁸), GCM's hash key for the encryption key. */
  constructor(module: WasmModule, hmacKey: Uint8Array, h: Buffer) {
    if (wasm === undefined) throw new Error("no WebAssembly");
    this.ex = new wasm.Instance(module, {}).exports as Exports;
    this.views();
    const dv = new DataView(this.ex.memory.buffer);
    K.forEach((k, i) => dv.setInt32(4 * i, k, true));
    const { inner, outer } = hmacMidstates(hmacKey);
    for (let i = 0; i < 8; i++) {
      dv.setInt32(256 + 4 * i, inner[i] as number, true);
      dv.setInt32(288 + 4 * i, outer[i] as number, true);
    }
    // GHASH: for byte position k the multiples b · H · x^(8k) (gcm-batch.ts's table shifted k times as its `mult`
    // shifts), each as its 4 big-endian words, which are its 16 bytes in the block's order
    const t = table(h);
    for (let k = 0; k < 16; k++) {
      for (let i = 0; i < 1024; i++) dv.setInt32(65536 + 4096 * k + 4 * i, t[i] as number, false);
      for (let b = 0; b < 256; b++) {
        const o = 4 * b;
        let z0 = t[o] as number, z1 = t[o + 1] as number, z2 = t[o + 2] as number, z3 = t[o + 3] as number;
        const rem = z3 & 0xff;
        z3 = (z3 >>> 8) | (z2 << 24);
        z2 = (z2 >>> 8) | (z1 << 24);
        z1 = (z1 >>> 8) | (z0 << 24);
        z0 = (z0 >>> 8) ^ (REM8[rem] as number);
        t[o] = z0;
        t[o + 1] = z1;
        t[o + 2] = z2;
        t[o + 3] = z3;
      }
    }
  }

  private views(): void {
    this.heap = Buffer.from(this.ex.memory.buffer);
    this.i32 = new Int32Array(this.ex.memory.buffer);
    this.dv = new DataView(this.ex.memory.buffer);
  }

  /** Memory for `bytes` in all (the views change if it grows). */
  ensure(bytes: number): void {
    const have = this.ex.memory.buffer.byteLength;
    if (bytes <= have) return;
    this.ex.memory.grow(Math.ceil((bytes - have) / 65536));
    this.views();
  }

  /** Zeroes the scratch space that held parts of messages (the HMAC lanes, schedule and padded tails; GHASH's last block). */
  clearScratch(): void {
    this.heap.fill(0, 384, 2048);
    this.heap.fill(0, 8192, 8208);
  }

  hmac(jobs: number, count: number, blocks: number): void {
    this.ex.hmac(jobs, count, blocks);
  }
  ctr(jobs: number, n: number, nonces: number, ctrBase: number): void {
    this.ex.ctr(jobs, n, nonces, ctrBase);
  }
  seal(jobs: number, n: number, ksBase: number): void {
    this.ex.seal(jobs, n, ksBase);
  }
}
