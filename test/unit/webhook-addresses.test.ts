import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { postWebhook } from "@/lib/webhooks/post-webhook";

// A name that resolves to several addresses, as a receiver behind two front ends does.
const answers = new Map<string, Array<{ address: string; family: 4 | 6 }>>();
vi.mock("node:dns/promises", () => ({
  lookup: async (host: string) => {
    const found = answers.get(host);
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return found;
  },
}));

describe("postWebhook with a name that resolves to several addresses", () => {
  let server: http.Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received.push(body);
        response.end("ok");
      });
    });
    // Listening on 127.0.0.1 only: a connection to 127.0.0.2 is refused.
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("delivers on the next checked address when the first refuses the connection", async () => {
    answers.set("hooks.example.test", [
      { address: "127.0.0.2", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ]);
    const result = await postWebhook({ url: `http://hooks.example.test:${port}/in`, headers: { "content-type": "application/json" }, body: '{"n":1}', timeoutMs: 5_000, allowPrivate: true });
    expect(result).toEqual({ statusCode: 200, error: null });
    expect(received).toEqual(['{"n":1}']);
  });

  it("reports the refusal when no address answers", async () => {
    answers.set("down.example.test", [{ address: "127.0.0.2", family: 4 }]);
    const result = await postWebhook({ url: `http://down.example.test:${port}/in`, headers: {}, body: "{}", timeoutMs: 5_000, allowPrivate: true });
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it("refuses a name that mixes a public and a private address, before connecting", async () => {
    answers.set("mixed.example.test", [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ]);
    await expect(postWebhook({ url: "http://mixed.example.test/in", headers: {}, body: "{}", timeoutMs: 5_000, allowPrivate: false })).rejects.toThrow(/10\.0\.0\.7/);
  });
});
