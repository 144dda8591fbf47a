import { spawn, type ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Two `npm start`s from this one checkout, each with its own DATA_DIR and ports: each keeps
// its databases, uploads and previews in its own folder and neither sees the other's data.
// Runs in the e2e phase, after `npm test` has built the app, so both only `next start`.
const ROOT = path.resolve(import.meta.dirname, "../..");
const SAMPLE = path.join(ROOT, "test/fixtures/images/sample.png");
const run = promisify(execFile);

interface Instance {
  dataDir: string;
  port: number;
  pgPort: number;
  chromaPort: number;
  child: ChildProcess;
  output: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment of a fresh shell: the test run's own services are not handed down. */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["DATABASE_URL", "CHROMA_URL", "TESSERA_BASE_URL", "NODE_ENV", "AUTH_SECRET", "DATA_DIR", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL"]) delete env[key];
  return { ...env, ...extra };
}

async function start(root: string, name: string): Promise<Instance> {
  const dataDir = path.join(root, name);
  const [port, pgPort, chromaPort] = [await freePort(), await freePort(), await freePort()];
  const env = shellEnv({ DATA_DIR: dataDir, PORT: String(port), TESSERA_PG_PORT: String(pgPort), TESSERA_CHROMA_PORT: String(chromaPort) });
  const child = spawn(process.execPath, ["scripts/tessera.mjs", "start"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const instance: Instance = { dataDir, port, pgPort, chromaPort, child, output: "" };
  child.stdout!.on("data", (d: Buffer) => (instance.output += d));
  child.stderr!.on("data", (d: Buffer) => (instance.output += d));
  return instance;
}

async function ready(instance: Instance) {
  const deadline = Date.now() + 240_000;
  while (!instance.output.includes("Tessera is running")) {
    if (instance.child.exitCode !== null) throw new Error(`npm start exited (${instance.child.exitCode}):\n${instance.output.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready in 240 s:\n${instance.output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stop(instance: Instance) {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise((r) => instance.child.once("exit", r));
  instance.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
}

const url = (i: Instance, p: string) => `http://127.0.0.1:${i.port}${p}`;

async function createAccount(instance: Instance): Promise<string> {
  const { stdout } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/admin.ts", "create-account", "--name", "side-by-side", "--credit", "5"], {
    cwd: ROOT,
    env: shellEnv({ DATA_DIR: instance.dataDir, TESSERA_PG_PORT: String(instance.pgPort), TESSERA_CHROMA_PORT: String(instance.chromaPort) }),
  });
  const key = /api key:\s+(\S+)/.exec(stdout)?.[1];
  if (!key) throw new Error(`no key in: ${stdout}`);
  return key;
}

let root: string;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tessera-two-instances-"));
  // One after the other: should the build be stale, only the first runs `next build`.
  a = await start(root, "a");
  await ready(a);
  b = await start(root, "b");
  await ready(b);
}, 540_000);

afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map(stop));
  await rm(root, { recursive: true, force: true });
}, 60_000);

describe("two instances side by side, each with its own DATA_DIR and ports", () => {
  it("keeps PostgreSQL and Chroma under each DATA_DIR and prints the capability table at start-up", async () => {
    for (const i of [a, b]) {
      expect(existsSync(path.join(i.dataDir, "pg", "PG_VERSION"))).toBe(true);
      expect(existsSync(path.join(i.dataDir, "chroma"))).toBe(true);
      expect(existsSync(path.join(i.dataDir, "auth-secret"))).toBe(true);
      expect(i.output).toContain(`on 127.0.0.1:${i.pgPort}`);
      expect(i.output).toContain("Capabilities (GET /v1/status):");
      expect(i.output).toMatch(/3d_thumbnails\s+yes/);
      expect(i.output).toMatch(/\bocr\s+yes/);
      expect(i.output).toMatch(/pdf_ocr\s+yes/);
      expect((await fetch(url(i, "/health"))).status).toBe(200);
    }
  });

  it("writes one instance's uploads and previews under its own DATA_DIR, and its data is unknown to the other", async () => {
    const key = await createAccount(a);
    const form = new FormData();
    form.append("file", new Blob([await readFile(SAMPLE)]), "sample.png");
    const created = await fetch(url(a, "/v1/media"), { method: "POST", headers: { "X-Api-Key": key }, body: form });
    expect(created.status).toBe(200);
    const { data } = (await created.json()) as { data: { batch_id: string; media_id: string } };
    let status = "";
    for (let n = 0; n < 600 && !["completed", "failed"].includes(status); n++) {
      await new Promise((r) => setTimeout(r, 250));
      status = ((await (await fetch(url(a, `/v1/batches/${data.batch_id}`), { headers: { "X-Api-Key": key } })).json()) as { data: { status: string } }).data.status;
    }
    expect(status).toBe("completed");
    // The picture's preview is in a's DATA_DIR; b has none, and the upload folder is a's.
    expect(readdirSync(path.join(a.dataDir, "previews"), { recursive: true }).some((f) => String(f).endsWith(".webp"))).toBe(true);
    expect(existsSync(path.join(a.dataDir, "uploads"))).toBe(true);
    expect(existsSync(path.join(b.dataDir, "previews"))).toBe(false);
    // The text read from the picture (OCR from npm) is searchable on a.
    const media = (await (await fetch(url(a, `/v1/media/${data.media_id}?include_chunks=true`), { headers: { "X-Api-Key": key } })).json()) as { data: { chunks: { text: string }[] } };
    expect(media.data.chunks.map((c) => c.text).join(" ")).toContain("HARBOUR LIGHTS");
    // b has its own database: a's key means nothing there.
    expect((await fetch(url(b, "/v1/balance"), { headers: { "X-Api-Key": key } })).status).toBe(401);
  }, 120_000);
});
