import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as search } from "@/app/v1/search/route";
import { env } from "@/lib/env";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { startFakeTranscription } from "@/test/support/fake-transcription-server";
import { fixture, newAccount, postBatch, waitForBatch } from "./helpers";

let fake: Awaited<ReturnType<typeof startFakeTranscription>>;
let worker: RunningWorker;

beforeAll(async () => {
  fake = await startFakeTranscription();
  fake.state.word = "cormorant";
  // The environment is read on first use, so the worker below sees these.
  vi.stubEnv("SPEECH_TO_TEXT", "openai");
  vi.stubEnv("OPENAI_SPEECH_BASE_URL", fake.baseUrl);
  vi.stubEnv("OPENAI_SPEECH_MODEL", "whisper-test");
  worker = await startPostgresWorker({ concurrency: 2 });
});

afterAll(async () => {
  await worker.stop();
  await fake.close();
  vi.unstubAllEnvs();
});

describe("SPEECH_TO_TEXT=openai, end to end", () => {
  it("audio and video items are found by the server's transcript, and hits carry its timecodes", async () => {
    expect(env.SPEECH_TO_TEXT).toBe("openai");
    const owner = await newAccount({ credit: 5 });
    const batch = await postBatch({
      apiKey: owner.apiKey,
      files: [
        { name: "talk.mp3", content: await fixture("audio/sample.mp3") },
        { name: "clip.mp4", content: await fixture("video/sample.mp4") },
      ],
      fields: { collection_id: "speech" },
    });
    expect(batch.status).toBe(200);
    const status = await waitForBatch(owner.accountId, batch.body.data.batch_id);
    expect(status.status).toBe("completed");
    expect(fake.state.requests).toHaveLength(2);

    const response = await search(
      new Request("http://tessera.test/v1/search", {
        method: "POST",
        headers: { "x-api-key": owner.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ query: "cormorant", collections: "speech", lexical_weight: 1 }),
      }),
      { params: Promise.resolve({}) },
    );
    const hits = ((await response.json()) as { data: { results: Array<{ filename: string; chunk: { text: string; start_s: number; end_s: number; label: string } }> } }).data.results;
    expect(hits.map((h) => h.filename).sort()).toEqual(["clip.mp4", "talk.mp3"]);
    for (const hit of hits) {
      expect(hit.chunk).toMatchObject({ label: "transcript", start_s: 0, text: expect.stringMatching(/^cormorant \d 0/) });
      expect(hit.chunk.end_s).toBeGreaterThan(0);
    }
  });
});
