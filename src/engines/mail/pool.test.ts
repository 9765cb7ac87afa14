/** The worker pool: the same result as in-thread, the caller's event loop free meanwhile, time limit, queue bound. */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyseMail } from "./analyse.js";
import { parseContext } from "./context.js";
import { buildMail, corpus, CORPUS_CONTEXT, largeMail, makeZip } from "./corpus.js";
import { createMailPool, MailAnalysisError } from "./pool.js";
import type { MailResult } from "./types.js";

const c = parseContext(CORPUS_CONTEXT);
if (!c.ok) throw new Error("context");
const ctx = c.context;
const pool = createMailPool({ workers: 1, maxQueued: 3 });
after(() => pool.close());
const strip = (r: MailResult): unknown => ({ ...r, timings: null });

describe("mail worker pool", () => {
  test("a worker's result is the in-thread result, for every corpus mail", async () => {
    for (const m of corpus()) assert.deepEqual(strip(await pool.analyse(m.bytes, ctx)), strip(await analyseMail(m.bytes, ctx)), m.name);
  });

  test("the caller's event loop keeps turning while a 5 MB mail is analysed", async () => {
    const big = largeMail(5_000_000);
    await pool.analyse(big, ctx); // warm
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const stages: string[] = [];
    const r = await pool.analyse(big, ctx, { onProgress: (p) => stages.push(p.stage) });
    clearInterval(timer);
    assert.equal(r.verdict, "benign");
    assert.ok(ticks >= 2, `the loop ran ${ticks} times during the analysis`);
    assert.deepEqual([...new Set(stages)], ["parse", "files", "signals"]);
  });

  test("a zip bomb past the time limit fails with the stage and part it was in; the next mail is analysed by a new thread", async () => {
    const bomb = buildMail({
      from: "a@bomb.example", subject: "請求書", parts: [{ kind: "text", text: "添付をご確認ください。" },
        { kind: "file", name: "bomb.zip", type: "application/zip", data: makeZip(Array.from({ length: 3 }, (_, i) => ({ name: `z${i}.bin`, data: Buffer.alloc(24 << 20) }))) }],
    });
    // 1 ms is always shorter than a 5 MB mail's parse; the bomb itself may be refused by its ratio within 1 ms,
    // before the timer fires (CI saw that: no rejection)
    await assert.rejects(pool.analyse(largeMail(5_000_000), ctx, { timeoutMs: 1 }), (e: unknown) => {
      assert.ok(e instanceof MailAnalysisError);
      assert.equal(e.kind, "timeout");
      // it names where it was: nowhere yet, the parser, or the part being opened (none yet if stopped on entering "files")
      if (e.stage === "files" && e.part) assert.match(e.part, /^attachment 1 /);
      return true;
    });
    const ok = await pool.analyse(corpus()[0]!.bytes, ctx);
    assert.equal(ok.verdict, "malicious");
    // with time enough, the bomb stops at the engine's budget, the part named
    const done = await pool.analyse(bomb, ctx);
    assert.match(done.signals.find((s) => s.id === "archive_limit")?.evidence.part ?? "", /^attachment 1 \(bomb\.zip\) > z\d+\.bin$/);
  });

  test("more mails than the queue holds: the extra one is refused as busy, the others complete", async () => {
    const mail = corpus()[0]!.bytes;
    const runs = Array.from({ length: 5 }, () => pool.analyse(mail, ctx).then(() => "ok", (e: unknown) => (e instanceof MailAnalysisError ? e.kind : "other")));
    const kinds = await Promise.all(runs);
    assert.deepEqual(kinds.filter((k) => k === "ok").length, 4, kinds.join(","));
    assert.ok(kinds.includes("busy"));
  });
});
