import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { listenOnLoopback } from "./loopback-server";

export type FakeBehaviour = "ok" | "429" | "503" | "slow" | "wrong-dimension";

/**
 * Deterministic stand-in embeddings: each word hashed into one of `dimension` buckets, then
 * unit length. Texts sharing words are similar, so search over them behaves sensibly.
 */
export function fakeEmbedding(text: string, dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    v[createHash("sha256").update(word).digest().readUInt32BE(0) % dimension]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** A local OpenAI-compatible /v1/embeddings server; `script` sets how the next requests behave. */
export async function startFakeOpenAi({ dimension, slowMs = 2_000 }: { dimension: number; slowMs?: number }) {
  const state = { script: [] as FakeBehaviour[], requests: [] as { inputs: number; behaviour: FakeBehaviour; auth: string | undefined }[] };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const behaviour = state.script.shift() ?? "ok";
      const parsed = JSON.parse(body || "{}") as { input: string | string[]; model: string };
      const inputs = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
      state.requests.push({ inputs: inputs.length, behaviour, auth: req.headers.authorization });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (req.url !== "/v1/embeddings") return send(404, { error: { message: "not found" } });
      if (behaviour === "429") return send(429, { error: { message: "rate limited", type: "rate_limit" } });
      if (behaviour === "503") return send(503, { error: { message: "overloaded" } });
      const dim = behaviour === "wrong-dimension" ? dimension + 1 : dimension;
      const reply = () =>
        send(200, {
          object: "list",
          model: parsed.model,
          data: inputs.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text, dim) })),
          usage: { prompt_tokens: 0, total_tokens: 0 },
        });
      if (behaviour === "slow") setTimeout(reply, slowMs).unref();
      else reply();
    });
  });
  return { state, ...(await listenOnLoopback(server)) };
}
