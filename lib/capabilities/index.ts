import { createRequire } from "node:module";

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
];

const globalCache = globalThis as unknown as { __tesseraCapabilities?: Promise<Record<string, CapabilityStatus & { description: string }>> };

/** Probed once per process: the machine does not change while Tessera runs. */
export function detectCapabilities(): Promise<Record<string, CapabilityStatus & { description: string }>> {
  globalCache.__tesseraCapabilities ??= Promise.all(
    PROBES.map(async (p) => [p.name, { description: p.description, ...(await p.probe().catch((e: unknown) => ({ available: false, detail: String(e) }))) }] as const),
  ).then(Object.fromEntries);
  return globalCache.__tesseraCapabilities;
}
