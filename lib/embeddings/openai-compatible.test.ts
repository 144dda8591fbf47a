import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeEmbedding, startFakeOpenAi } from "@/test/support/fake-openai-server";
import { createOpenAiEmbeddings, OPENAI_BATCH_SIZE } from "./openai-compatible";

let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
const DIM = 64;

beforeAll(async () => {
  fake = await startFakeOpenAi({ dimension: DIM, slowMs: 1_500 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.state.script = [];
  fake.state.requests = [];
});

const provider = (overrides: Partial<Parameters<typeof createOpenAiEmbeddings>[0]> = {}) =>
  createOpenAiEmbeddings({ baseUrl: fake.baseUrl, apiKey: "sk-test", model: "fake-embed", dimension: DIM, timeoutMs: 5_000, maxRetries: 3, ...overrides });

describe("openai-compatible embeddings (real openai client, local fake server)", () => {
  it("embeds in batches of 96, in input order, with the key sent", async () => {
    const texts = Array.from({ length: OPENAI_BATCH_SIZE + 4 }, (_, i) => `text number ${i}`);
    const vectors = await provider().embedTexts(texts);
    expect(vectors).toHaveLength(texts.length);
    expect(vectors[7]).toEqual(fakeEmbedding("text number 7", DIM));
    expect(vectors[99]).toEqual(fakeEmbedding("text number 99", DIM));
    expect(fake.state.requests.map((r) => r.inputs)).toEqual([96, 4]);
    expect(fake.state.requests[0]!.auth).toBe("Bearer sk-test");
  });

  it("retries a 429 and a 503 with backoff, then succeeds", async () => {
    fake.state.script = ["429", "503"];
    const [vector] = await provider().embedTexts(["hello world"]);
    expect(vector).toEqual(fakeEmbedding("hello world", DIM));
    expect(fake.state.requests.map((r) => r.behaviour)).toEqual(["429", "503", "ok"]);
  });

  it("gives up after its retries with the server's error", async () => {
    fake.state.script = ["503", "503", "503"];
    await expect(provider({ maxRetries: 1 }).embedTexts(["x"])).rejects.toThrow(/503|overloaded/);
    expect(fake.state.requests).toHaveLength(2);
  });

  it("fails a response slower than the timeout", async () => {
    fake.state.script = ["slow", "slow"];
    const started = Date.now();
    await expect(provider({ timeoutMs: 300, maxRetries: 1 }).embedTexts(["slow one"])).rejects.toThrow(/timed out|timeout/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses vectors of the wrong dimension, naming both", async () => {
    fake.state.script = ["wrong-dimension"];
    await expect(provider().embedTexts(["x"])).rejects.toThrow(`returned ${DIM + 1}-d vectors; OPENAI_EMBEDDINGS_DIMENSIONS says ${DIM}`);
  });
});
