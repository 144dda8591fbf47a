import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { pdfWithHugeContentStream } from "@/test/support/hostile-files";
import { startWorkerProcess } from "@/test/support/worker-process";
import { itemsOf, ledgerOf, newAccount, postBatch, waitFor, waitForBatch } from "./helpers";


/** ~7K tokens of distinct sentences: seconds of embedding, so the crash lands mid-item. */
const longDocument = (seed: number) =>
  Array.from({ length: 500 }, (_, i) => `Ledger line ${i} of volume ${seed} records cargo number ${i * seed} arriving at dawn.`).join(" ");
const note = (n: number) => ({ name: `note-${n}.txt`, content: `Harbour note ${n}: the ferry leaves at ${n} o'clock from pier ${n + 2}.` });

describe("poison items", () => {
  it("an item that kills its worker twice fails for good with a precise error, refunded, while freezers fail fast and other items and accounts finish", async () => {
    const a = await newAccount({ credit: 1 });
    const b = await newAccount({ credit: 1 });
    const files = [
      { name: "poison.txt", content: longDocument(7) },
      // Two of the freezers from issue 14: each held a worker's event loop for minutes on main at 2b0246d.
      { name: "one-word.txt", content: "a".repeat(15_000_000) },
      { name: "stream-bomb.pdf", content: await pdfWithHugeContentStream(200) },
      note(1),
      note(2),
    ];
    const batchA = (await postBatch({ apiKey: a.apiKey, files, fields: { collection_id: "poison" } })).body.data.batch_id as string;
    const batchB = (await postBatch({ apiKey: b.apiKey, files: [note(3), note(4)], fields: { collection_id: "bystander" } })).body.data.batch_id as string;
    const poisonId = (await itemsOf(batchA))[0]!.id;

    // The poison file "crashes" whichever worker holds it, as a native parser crash would: the
    // test kills that worker process each time the item is processing under a new attempt.
    let worker: ChildProcess = startWorkerProcess();
    for (let attempt = 1; attempt <= 2; attempt++) {
      await waitFor(async () => {
        const poison = (await itemsOf(batchA)).find((i) => i.id === poisonId)!;
        return poison.status === "processing" && poison.attempts === attempt;
      });
      worker.kill("SIGKILL");
      worker = startWorkerProcess();
    }

    const doneA = await waitForBatch(a.accountId, batchA, 180_000);
    const doneB = await waitForBatch(b.accountId, batchB, 60_000);
    expect(doneB.status).toBe("completed");
    expect(doneB.counts.succeeded).toBe(2);

    const items = await itemsOf(batchA);
    const byName = Object.fromEntries(items.map((i) => [i.filename, i]));
    expect(byName["poison.txt"]).toMatchObject({ status: "failed", attempts: 2, lostWorkers: 2, errorCode: "processing_error" });
    expect(byName["poison.txt"]!.errorMessage).toMatch(/stopped its worker on 2 of 2 attempts/);
    expect(byName["one-word.txt"]).toMatchObject({ status: "failed", attempts: 1, errorCode: "content_limit_exceeded" });
    expect(byName["one-word.txt"]!.errorMessage).toMatch(/MAX_RUN_WITHOUT_WHITESPACE/);
    expect(byName["stream-bomb.pdf"]).toMatchObject({ status: "failed", attempts: 1, errorCode: "content_limit_exceeded" });
    expect(byName["stream-bomb.pdf"]!.errorMessage).toMatch(/MAX_PDF_STREAM_INFLATED_BYTES/);
    expect(byName["note-1.txt"]!.status).toBe("succeeded");
    expect(byName["note-2.txt"]!.status).toBe("succeeded");
    expect(doneA.counts).toMatchObject({ succeeded: 2, failed: 3 });

    // Three failed items, each refunded once.
    const ledger = await ledgerOf(a.accountId);
    expect(ledger.map((e) => e.type).sort()).toEqual(["adjustment", "charge", "refund", "refund", "refund"]);
    expect(await getBalance(getDb(), { accountId: a.accountId })).toBe(1_000_000 - 2 * 40_000);
  }, 400_000);
});
