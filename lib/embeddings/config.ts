import { z } from "zod";
import { env } from "@/lib/env";
import type { TextProviderName, VisualProviderName } from "./types";

const CollectionEmbeddings = z.record(
  z.string().min(1),
  z.strictObject({
    text: z.enum(["offline", "transformers", "openai"]).optional(),
    visual: z.enum(["offline", "transformers", "none"]).optional(),
  }),
);

export interface SpaceProviders {
  text: TextProviderName;
  visual: VisualProviderName;
}

let parsed: Array<{ pattern: RegExp; providers: Partial<SpaceProviders> }> | undefined;

/** `*` matches any run of characters (slashes included); everything else is literal. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** Parses COLLECTION_EMBEDDINGS; a mistake in it is a start-up error that names the variable. */
export function parseCollectionEmbeddings(value: string | undefined) {
  let raw: unknown = {};
  try {
    raw = value ? JSON.parse(value) : {};
  } catch (error) {
    throw new Error(`COLLECTION_EMBEDDINGS is not valid JSON: ${(error as Error).message}`);
  }
  const result = CollectionEmbeddings.safeParse(raw);
  if (!result.success) {
    throw new Error(`COLLECTION_EMBEDDINGS: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return Object.entries(result.data).map(([glob, providers]) => ({ pattern: globToRegExp(glob), providers }));
}

function rules() {
  parsed ??= parseCollectionEmbeddings(env.COLLECTION_EMBEDDINGS);
  return parsed;
}

/**
 * The providers a collection uses: the first COLLECTION_EMBEDDINGS glob (in the JSON's
 * order) that matches its name, space by space, else TEXT_EMBEDDINGS / VISUAL_EMBEDDINGS.
 * Without a name (an image query over several collections) the defaults apply.
 */
export function providersFor(collectionName?: string): SpaceProviders {
  const rule = collectionName === undefined ? undefined : rules().find((r) => r.pattern.test(collectionName));
  return {
    text: rule?.providers.text ?? env.TEXT_EMBEDDINGS,
    visual: rule?.providers.visual ?? env.VISUAL_EMBEDDINGS,
  };
}

/** Every provider some collection may use, so a worker can load them all at start-up. */
export function configuredProviders(): { text: TextProviderName[]; visual: VisualProviderName[] } {
  const all = [providersFor(), ...rules().map((r) => ({ ...providersFor(), ...r.providers }))];
  return { text: [...new Set(all.map((p) => p.text))], visual: [...new Set(all.map((p) => p.visual))] };
}

/** For tests that switch configuration inside one process. */
export function resetEmbeddingConfig(): void {
  parsed = undefined;
}
