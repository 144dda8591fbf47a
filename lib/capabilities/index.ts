import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { commandOnPath } from "./on-path";
import { missingTool, speechStatus, toolPath } from "@/lib/pipeline/extract/media-tools";

export interface CapabilityStatus {
  available: boolean;
  /** What is used, or why it is missing and what the items therefore lack. */
  detail: string;
}

export interface CapabilityProbe {
  name: string;
  description: string;
  probe: () => Promise<CapabilityStatus>;
}

const require = createRequire(import.meta.url);

/** True when an npm package resolves from this install. */
export function packageInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** What a command prints (stdout then stderr) for `args`, or null when it is not installed or fails. */
export function commandOutput(cmd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 10_000 }, (err, stdout, stderr) => resolve(err ? null : `${stdout}${stderr}`.trim()));
  });
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
    description: "rendered thumbnails of 3D models (Debian f3d under xvfb-run)",
    probe: async () => {
      const missing = [];
      for (const command of ["f3d", "xvfb-run", "xauth"]) if (!(await commandOnPath(command))) missing.push(command);
      return missing.length === 0
        ? { available: true, detail: "f3d under xvfb-run" }
        : { available: false, detail: `${missing.join(", ")} not installed: apt-get install f3d xvfb xauth` };
    },
  },
  {
    name: "ocr",
    description: "Text in images, with Tesseract (Debian tesseract-ocr + tesseract-ocr-eng)",
    probe: async () => {
      const tesseract = toolPath("tesseract");
      return tesseract ? { available: true, detail: tesseract } : { available: false, detail: `${missingTool("tesseract")}: images get no OCR text` };
    },
  },
  {
    name: "speech_to_text",
    description: "Transcripts of audio and video, with pocketsphinx (Debian pocketsphinx + pocketsphinx-en-us)",
    probe: async () => {
      const status = speechStatus();
      return status.available ? status : { available: false, detail: `${status.detail}: audio and video get no transcript` };
    },
  },
  {
    name: "video",
    description: "Duration, key frames and audio tracks of video and audio, with ffmpeg and ffprobe",
    probe: async () => {
      const missing = (["ffmpeg", "ffprobe"] as const).find((t) => !toolPath(t));
      return missing
        ? { available: false, detail: `${missingTool(missing)}: video files fail, audio gets no transcript` }
        : { available: true, detail: `${toolPath("ffmpeg")}, ${toolPath("ffprobe")}` };
    },
  },
  {
    name: "pdf_ocr",
    description: "Tesseract OCR of scanned PDF pages (rasterised by poppler's pdftoppm)",
    probe: async () => {
      const [tesseract, langs, pdftoppm] = await Promise.all([
        commandOutput("tesseract", ["--version"]),
        commandOutput("tesseract", ["--list-langs"]),
        commandOutput("pdftoppm", ["-v"]),
      ]);
      const missing = [
        !tesseract && "tesseract (apt: tesseract-ocr)",
        tesseract && !/^eng$/m.test(langs ?? "") && "Tesseract's English data (apt: tesseract-ocr-eng)",
        !pdftoppm && "pdftoppm (apt: poppler-utils)",
      ].filter(Boolean);
      if (missing.length > 0) return { available: false, detail: `${missing.join(" and ")} missing: scanned PDF pages are not read` };
      const firstLine = (text: string | null) => text?.split("\n")[0] ?? "";
      return { available: true, detail: `${firstLine(tesseract)}; ${firstLine(pdftoppm)}` };
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
