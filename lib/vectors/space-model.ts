import type { EmbeddingSpace, IndexModel } from "./chroma";

/** The columns of a collection row that record, per space, the model its vectors come from. */
export interface SpaceModelColumns {
  textProvider: string | null;
  textModel: string | null;
  textDimension: number | null;
  visualProvider: string | null;
  visualModel: string | null;
  visualDimension: number | null;
}

/**
 * Which model a collection's space holds: the one place that reads it off the row (null when
 * the space never stored a vector). Callers hand the result to the vector adapter.
 */
export function spaceModel(row: SpaceModelColumns | null | undefined, space: EmbeddingSpace): IndexModel | null {
  if (!row) return null;
  const [provider, model, dimension] =
    space === "text" ? [row.textProvider, row.textModel, row.textDimension] : [row.visualProvider, row.visualModel, row.visualDimension];
  return provider && model && dimension ? { provider, model, dimension } : null;
}
