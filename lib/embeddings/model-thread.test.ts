import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startModelThread } from "./model-thread";
import { loadUseLite } from "./use-lite";

const ECHO = path.resolve(import.meta.dirname, "../../test/support/echo-thread.mjs");

describe("a model in its own thread", () => {
  it("answers calls, passes errors on, and starts a fresh thread after one dies", async () => {
    const thread = await startModelThread<string, string>(ECHO, "The echo model");
    try {
      const first = await thread.call("hello");
      expect(first).toMatch(/^hello from thread \d+$/);
      await expect(thread.call("fail")).rejects.toThrow("the model refused");
      await expect(thread.call("crash")).rejects.toThrow("The echo model stopped: its thread exited with code 7");
      const after = await thread.call("again");
      expect(after).toMatch(/^again from thread \d+$/);
      expect(after.split(" ").at(-1)).not.toBe(first.split(" ").at(-1));
    } finally {
      await thread.close();
    }
  });

  describe("the offline text model", () => {
    let model: Awaited<ReturnType<typeof loadUseLite>> | undefined;
    afterAll(async () => model?.close());

    // On the main thread, a batch held the event loop from one model call to the next: a few
    // dozen turns for 320 texts. In its thread, the loop turns freely throughout.
    it("embeds while the event loop keeps turning (leases heartbeat, deadlines fire)", async () => {
      model = await loadUseLite();
      const texts = Array.from({ length: 320 }, (_, i) => `Sentence number ${i} about harbour lanterns, ferries and tides.`);
      let turns = 0;
      let embedding = true;
      const spin = async () => {
        while (embedding) {
          await new Promise((resolve) => setImmediate(resolve));
          turns++;
        }
      };
      const spinning = spin();
      const vectors = await model.embedTexts(texts);
      embedding = false;
      await spinning;
      expect(vectors).toHaveLength(320);
      expect(vectors[0]).toHaveLength(512);
      expect(turns).toBeGreaterThan(1_000);
    }, 120_000);
  });
});
