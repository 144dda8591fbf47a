import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { s3BlobStore } from "@/lib/blob-store/s3-store";
import type { BlobStore } from "@/lib/blob-store";

export interface S3Server {
  /** What a Tessera process needs to use this server (STORAGE_URL, S3_*, AWS_*). */
  env: Record<string, string>;
  store: BlobStore;
  /** Every object key in the bucket (under the prefix). */
  keys(prefix?: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts s3rver on a free loopback port; the real AWS SDK talks to it over HTTP. */
export async function startS3Server({ bucket = "tessera-test", prefix = "t" }: { bucket?: string; prefix?: string } = {}): Promise<S3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), "tessera-s3rver-"));
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, "s3rver-main.mjs"), directory, bucket], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
  const env = {
    STORAGE_URL: `s3://${bucket}/${prefix}`,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_REGION: "us-east-1",
    S3_FORCE_PATH_STYLE: "true",
    // s3rver's fixed test credentials.
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
  };
  const store = s3BlobStore({ url: env.STORAGE_URL, endpoint: env.S3_ENDPOINT, region: env.S3_REGION, forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
  return {
    env,
    store,
    async keys(under = "") {
      const keys: string[] = [];
      for await (const entry of store.list(under)) keys.push(entry.key);
      return keys.sort();
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
