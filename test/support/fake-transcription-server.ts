import { createServer, type Server } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import busboy from "busboy";

export type FakeSpeechBehaviour = "ok" | "429" | "503" | "slow" | "malformed" | "text-only";

export interface TranscriptionRequest {
  behaviour: FakeSpeechBehaviour;
  model: string | undefined;
  responseFormat: string | undefined;
  granularities: string[];
  language: string | undefined;
  auth: string | undefined;
  filename: string | undefined;
  /** From the uploaded WAV's header: what the client really sent. */
  sampleRate: number;
  channels: number;
  durationS: number;
  at: number;
}

/** Seconds of 16-bit PCM in a WAV file, read from its header and data chunk. */
function wavFacts(wav: Buffer): { sampleRate: number; channels: number; durationS: number } {
  if (wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") return { sampleRate: 0, channels: 0, durationS: 0 };
  const channels = wav.readUInt16LE(22);
  const sampleRate = wav.readUInt32LE(24);
  const bits = wav.readUInt16LE(34);
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString("ascii", offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === "data") return { sampleRate, channels, durationS: Math.min(size, wav.length - offset - 8) / (sampleRate * channels * (bits / 8)) };
    offset += 8 + size;
  }
  return { sampleRate, channels, durationS: 0 };
}

/**
 * A local OpenAI-compatible `/v1/audio/transcriptions` server: it reads the multipart upload the
 * way OpenAI does and answers `verbose_json` with one segment per 5 s of the audio it got, each
 * saying `<word> <request> <segment>` (the word is `state.word`), so a test can tell which slice
 * and which stretch of it a section came from. `script` sets how the next requests behave.
 */
export async function startFakeTranscription({ slowMs = 2_000, retryAfterS = 1 }: { slowMs?: number; retryAfterS?: number } = {}) {
  const state = { script: [] as FakeSpeechBehaviour[], requests: [] as TranscriptionRequest[], word: "harbour" };
  const server: Server = createServer((req, res) => {
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };
    if (req.method !== "POST" || req.url !== "/v1/audio/transcriptions") return send(404, { error: { message: "not found" } });
    const fields: Record<string, string[]> = {};
    const file: Buffer[] = [];
    let filename: string | undefined;
    const parser = busboy({ headers: req.headers });
    parser.on("field", (name, value) => (fields[name] ??= []).push(value));
    parser.on("file", (_name, stream, info) => {
      filename = info.filename;
      stream.on("data", (c: Buffer) => file.push(c));
    });
    parser.on("close", () => {
      const behaviour = state.script.shift() ?? "ok";
      const facts = wavFacts(Buffer.concat(file));
      const n = state.requests.length;
      state.requests.push({
        behaviour,
        model: fields.model?.[0],
        responseFormat: fields.response_format?.[0],
        granularities: fields["timestamp_granularities[]"] ?? fields.timestamp_granularities ?? [],
        language: fields.language?.[0],
        auth: req.headers.authorization,
        filename,
        ...facts,
        at: Date.now(),
      });
      if (behaviour === "429") return send(429, { error: { message: "rate limited", type: "rate_limit" } }, { "retry-after": String(retryAfterS) });
      if (behaviour === "503") return send(503, { error: { message: "overloaded" } });
      if (behaviour === "malformed") return send(200, { text: "hello", segments: [{ start: "soon", end: null, text: "hello" }] });
      const segments: Array<{ id: number; start: number; end: number; text: string }> = [];
      for (let start = 0, k = 0; start < facts.durationS; start += 5, k++) {
        segments.push({ id: k, start, end: Math.min(start + 5, facts.durationS), text: ` ${state.word} ${n} ${k}` });
      }
      const text = segments.map((s) => s.text).join("");
      const reply = () => send(200, behaviour === "text-only" ? { text } : { task: "transcribe", language: "english", duration: facts.durationS, text, segments });
      if (behaviour === "slow") setTimeout(reply, slowMs).unref();
      else reply();
    });
    req.pipe(parser);
  });
  return { state, ...(await listenOnLoopback(server)) };
}
