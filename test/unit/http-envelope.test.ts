import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS } from "@/lib/errors";

const PRELOAD = path.resolve(import.meta.dirname, "../../scripts/lib/http-envelope.mjs");
let server: ChildProcess;
let port: number;

// A plain Node HTTP server with the preload, as `npm start` runs `next start`: whatever reaches
// the handler answers 200 "reached", so a test can tell what the preload answered itself.
beforeAll(async () => {
  server = spawn(
    process.execPath,
    ["--import", PRELOAD, "-e", `require("node:http").createServer((q, s) => s.end("reached " + q.url)).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  port = await new Promise<number>((resolve) => server.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))));
});
afterAll(() => {
  server.kill();
});

/** Sends raw bytes and returns the raw answer (the server closes or answers in full). */
function raw(request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (d) => {
      data += d.toString();
      const [head, body = ""] = data.split("\r\n\r\n");
      const length = Number(/content-length: (\d+)/i.exec(head!)?.[1] ?? -1);
      if (length >= 0 && Buffer.byteLength(body) >= length) socket.end();
    });
    socket.on("close", () => {
      const [head, body = ""] = data.split("\r\n\r\n");
      resolve({ status: Number(head!.split(" ")[1]), body });
    });
    socket.on("error", reject);
    socket.write(request);
  });
}

describe("the web server's preload (scripts/lib/http-envelope.mjs)", () => {
  it("answers an oversized header with 431 in the JSON envelope instead of Node's bare 431", async () => {
    const { status, body } = await raw(`GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(status).toBe(431);
    expect(JSON.parse(body)).toMatchObject({ success: false, error: { code: "header_too_large" } });
    expect(ERROR_STATUS.header_too_large).toBe(431);
  });

  it("answers an unparsable request with 400 validation_error in the envelope", async () => {
    const { status, body } = await raw("NOT HTTP AT ALL\r\n\r\n");
    expect(status).toBe(400);
    expect(JSON.parse(body).error.code).toBe("validation_error");
  });

  it("refuses a /v1 path with '//' instead of letting Next redirect it to another collection's path", async () => {
    const { status, body } = await raw("DELETE /v1/media/collections/p//q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ success: false, error: { code: "validation_error", details: { path: "/v1/media/collections/p//q" } } });
    expect(ERROR_STATUS.validation_error).toBe(400);
    // Everything else reaches the app untouched.
    const ok = await raw("DELETE /v1/media/collections/p/q?x=a//b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("reached /v1/media/collections/p/q");
  });
});
