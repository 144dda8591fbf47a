import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tessera-models-"));
  await mkdir(path.join(root, "minilm"));
  await writeFile(path.join(root, "minilm", "config.json"), "{ not json");
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("a worker whose model folder is broken", () => {
  it("stops at start-up naming the folder and the missing file, before taking any item", async () => {
    const started = run("npx", ["tsx", "scripts/worker.ts"], {
      env: { ...process.env, TEXT_EMBEDDINGS: "transformers", VISUAL_EMBEDDINGS: "none", TRANSFORMERS_MODEL_DIR: root, TRANSFORMERS_TEXT_MODEL: "minilm" },
      timeout: 100_000,
    });
    const failure = await started.then(() => null, (error: { code: number; stderr: string; stdout: string }) => error);
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain(`Model folder ${path.join(root, "minilm")} (TRANSFORMERS_TEXT_MODEL) is missing tokenizer.json.`);
    expect(failure?.stdout ?? "").not.toContain("ready");
  }, 120_000);
});
