import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import SYSTEM_PACKAGES from "./system-packages.json";
import { resolvePackage } from "@/lib/pipeline/extract/isolated-worker";
import { missingTool, toolPath } from "@/lib/pipeline/extract/media-tools";
import { speechStatus } from "@/lib/speech";
import { env } from "@/lib/env";

export interface CapabilityStatus {
  available: boolean;
  /** What is used, or why it is missing and what the items therefore lack. */
  detail: string;
  /** When missing: the one command that adds it. */
  install?: string;
}

export interface CapabilityProbe {
  name: string;
  description: string;
  probe: () => Promise<CapabilityStatus>;
}

const require = createRequire(import.meta.url);

/**
 * The one command that adds a capability's Debian packages. system-packages.json is the one
 * list of what npm cannot provide; npm start's table and npm test's installer read it too.
 */
export function aptInstall(capability: keyof typeof SYSTEM_PACKAGES): string {
  return `apt-get install -y ${SYSTEM_PACKAGES[capability].join(" ")}`;
}

const packageVersion = (name: string): string => (JSON.parse(readFileSync(resolvePackage(`${name}/package.json`), "utf8")) as { version: string }).version;

/** tesseract.js's WASM core and the English data package, both from npm (nothing is fetched). */
async function ocrEngineStatus(without: string): Promise<CapabilityStatus> {
  const { ocrLanguageDir } = await import("@/lib/pipeline/extract/ocr");
  const data = path.join(ocrLanguageDir(), "eng.traineddata.gz");
  const ok = packageInstalled("tesseract.js") && packageInstalled("tesseract.js-core") && existsSync(data);
  if (!ok) return { available: false, detail: `tesseract.js or @tesseract.js-data/eng is not installed: ${without}`, install: "npm ci" };
  return { available: true, detail: `tesseract.js ${packageVersion("tesseract.js")} (WASM) with ${path.relative(process.cwd(), data)}` };
}

/** True when an npm package resolves from this install. */
export function packageInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * What this machine can process. Probes that need a system package (OCR, speech, 3D
 * thumbnails) report it missing instead of failing: items then yield what they can and
 * say what was skipped. Add a probe here for every optional capability.
 */
export const PROBES: CapabilityProbe[] = [
  {
    name: "text_embeddings",
    description: "Text space: the configured provider (TEXT_EMBEDDINGS) loads and embeds",
    probe: async () => {
      const { getTextEmbedder } = await import("@/lib/embeddings");
      const embedder = await getTextEmbedder().catch((error: unknown) => error as Error);
      if (embedder instanceof Error) return { available: false, detail: embedder.message };
      return { available: true, detail: `${embedder.provider}/${embedder.model} (${embedder.dimension}-d)` };
    },
  },
  {
    name: "visual_embeddings",
    description: "Visual space: pictures and frames embedded by the configured provider (VISUAL_EMBEDDINGS)",
    probe: async () => {
      const { getVisualEmbedder } = await import("@/lib/embeddings");
      const embedder = await getVisualEmbedder().catch((error: unknown) => error as Error);
      if (embedder instanceof Error) return { available: false, detail: `${embedder.message} Pictures get no visual vectors.` };
      if (!embedder) return { available: false, detail: "VISUAL_EMBEDDINGS=none: pictures get no visual vectors, image search is off" };
      const joint = embedder.embedTextQueries ? "; text queries search pictures too" : "";
      return { available: true, detail: `${embedder.provider}/${embedder.model} (${embedder.dimension}-d)${joint}` };
    },
  },
  {
    name: "3d_thumbnails",
    description: "Rendered thumbnails of 3D models, drawn in-process from the parsed triangles",
    probe: async () => {
      const sharp = await import("sharp").then((m) => m.default, (e: unknown) => e as Error);
      if (sharp instanceof Error) return { available: false, detail: `sharp does not load (${sharp.message}): models get no thumbnail`, install: "npm ci" };
      return { available: true, detail: `software rasteriser (model3d-render.mjs), PNG by sharp ${sharp.versions.sharp}` };
    },
  },
  {
    name: "ocr",
    description: "Text in images, with Tesseract compiled to WASM (tesseract.js) and its English data from npm",
    probe: async () => ocrEngineStatus("images get no OCR text"),
  },
  {
    name: "speech_to_text",
    description:
      "Transcripts of audio and video with timecodes: SPEECH_TO_TEXT=offline (default) is pocketsphinx (Debian pocketsphinx + pocketsphinx-en-us: npm has no Linux runtime with a model inside); openai is any OpenAI-compatible transcription server; transformers a local Whisper folder",
    probe: async () => {
      const status = speechStatus();
      if (status.available) return status;
      const install = env.SPEECH_TO_TEXT === "offline" ? aptInstall("speech_to_text") : `set ${env.SPEECH_TO_TEXT === "transformers" ? "TRANSFORMERS_MODEL_DIR and TRANSFORMERS_SPEECH_MODEL" : "OPENAI_SPEECH_BASE_URL"}`;
      return { available: false, detail: `${status.detail}: audio and video get no transcript`, install };
    },
  },
  {
    name: "video",
    description: "Duration, key frames and audio tracks of video and audio, with ffmpeg and ffprobe",
    probe: async () => {
      const missing = (["ffmpeg", "ffprobe"] as const).find((t) => !toolPath(t));
      return missing
        ? { available: false, detail: `${missingTool(missing)}: video files fail, audio gets no transcript`, install: "npm ci" }
        : { available: true, detail: `${toolPath("ffmpeg")}, ${toolPath("ffprobe")}` };
    },
  },
  {
    name: "pdf_ocr",
    description: "OCR of scanned PDF pages: drawn by pdf.js on @napi-rs/canvas, read by tesseract.js",
    probe: async () => {
      const engine = await ocrEngineStatus("scanned PDF pages are not read");
      if (!engine.available) return engine;
      const canvas = await import("@napi-rs/canvas").then(
        (m) => m.createCanvas(1, 1) && null,
        (e: unknown) => e as Error,
      );
      if (canvas) return { available: false, detail: `@napi-rs/canvas does not load on this platform (${canvas.message}): scanned PDF pages are not read`, install: "npm ci" };
      return { available: true, detail: `${engine.detail}; pages drawn by pdf.js (unpdf) on @napi-rs/canvas` };
    },
  },
];

const globalCache = globalThis as unknown as { __tesseraCapabilities?: Promise<Record<string, CapabilityStatus & { description: string }>> };

/** Probed once per process: the machine does not change while Tessera runs. */
export function detectCapabilities(): Promise<Record<string, CapabilityStatus & { description: string }>> {
  globalCache.__tesseraCapabilities ??= Promise.all(
    PROBES.map(async (p) => [p.name, { description: p.description, ...(await p.probe().catch((e: unknown) => ({ available: false, detail: String(e) }))) }] as const),
  ).then(Object.fromEntries);
  return globalCache.__tesseraCapabilities;
}
