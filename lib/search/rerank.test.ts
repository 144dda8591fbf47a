import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRerank, rerankTexts } from "./rerank";

// A stand-in rerank service: scores each text by the query words it holds; answers in TEI's
// shape on /tei, Cohere's on /cohere, and never in time on /slow.
let server: Server;
let base: string;
const received: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      const { query, texts } = JSON.parse(body) as { query: string; texts: string[] };
      received.push({ url: req.url, auth: req.headers.authorization, ...JSON.parse(body) });
      const score = (t: string) => query.split(" ").filter((w) => t.includes(w)).length;
      if (req.url === "/slow/rerank") return void setTimeout(() => res.end("[]"), 2_000);
      const scored = texts.map((t, index) => ({ index, score: score(t) })).sort((a, b) => b.score - a.score);
      res.setHeader("content-type", "application/json");
      if (req.url === "/tei/rerank") return void res.end(JSON.stringify(scored));
      if (req.url === "/cohere/rerank") return void res.end(JSON.stringify({ results: scored.map((s) => ({ index: s.index, relevance_score: s.score })) }));
      res.statusCode = 500;
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const texts = ["a kitten", "the storm and the tide", "a storm"];

describe("rerankTexts", () => {
  it("reads TEI's and Cohere's answers into one score per text, in the texts' order", async () => {
    expect(await rerankTexts({ url: `${base}/tei`, timeoutMs: 1_000 }, { query: "storm tide", texts })).toEqual([0, 2, 1]);
    expect(await rerankTexts({ url: `${base}/cohere/`, apiKey: "k", model: "m", timeoutMs: 1_000 }, { query: "storm tide", texts })).toEqual([0, 2, 1]);
    expect(received.at(-1)).toMatchObject({ url: "/cohere/rerank", auth: "Bearer k", model: "m", documents: texts, top_n: 3 });
  });

  it("gives up after its timeout, or on an error, so search keeps its own order", async () => {
    const started = performance.now();
    expect(await rerankTexts({ url: `${base}/slow`, timeoutMs: 150 }, { query: "storm", texts })).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(await rerankTexts({ url: `${base}/broken`, timeoutMs: 1_000 }, { query: "storm", texts })).toBeNull();
  });
});

describe("applyRerank", () => {
  it("reorders the top N by score and leaves the rest in place", () => {
    expect(applyRerank(["a", "b", "c", "d"], 3, [0, 2, 1])).toEqual(["b", "c", "a", "d"]);
    expect(applyRerank(["a", "b", "c"], 3, null)).toEqual(["a", "b", "c"]);
  });
});
