import { spawn } from "node:child_process";
import { ItemError } from "@/lib/pipeline/types";

export interface RunToolOptions {
  /** Killed (SIGKILL) after this long: a damaged file can make a decoder spin forever. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** stdout and stderr are each cut at this many bytes, so a chatty tool cannot fill memory. */
  maxOutputBytes?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

/**
 * Runs a command-line tool (ffmpeg, ffprobe, pocketsphinx) without a shell. A
 * timeout or the item's abort kills it and fails the item with `timeout`; a non-zero exit is
 * returned for the caller to judge, since only the caller knows what the tool's failure means.
 */
export function runTool(command: string, args: string[], { timeoutMs, signal, maxOutputBytes = DEFAULT_MAX_OUTPUT, env }: RunToolOptions): Promise<ToolResult> {
  const name = command.split("/").pop();
  if (signal?.aborted) return Promise.reject(new ItemError("timeout", "extraction was cancelled"));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let failure: ItemError | null = null;
    const kill = (why: ItemError) => {
      failure ??= why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill(new ItemError("timeout", `${name} took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const onAbort = () => kill(new ItemError("timeout", "extraction was cancelled"));
    signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => {
      if (outBytes < maxOutputBytes) out.push(chunk.subarray(0, maxOutputBytes - outBytes));
      outBytes += chunk.length;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (errBytes < maxOutputBytes) err.push(chunk.subarray(0, maxOutputBytes - errBytes));
      errBytes += chunk.length;
    });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    child.once("error", (e) => {
      done();
      reject(new ItemError("processing_error", `${name} could not be started: ${e.message}`));
    });
    child.once("close", (code) => {
      done();
      if (failure) reject(failure);
      else resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** The last meaningful line of a tool's stderr, for an error message, without the server's path of the file. */
export function lastLine(stderr: string, file?: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const line = lines.at(-1) ?? "no error output";
  return (file ? line.split(file).join("the file") : line).replace(/^the file: /, "").slice(0, 300);
}
