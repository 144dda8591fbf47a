import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export const DATA_DIR = path.join(import.meta.dirname, "data");

export interface BeirDataset {
  name: string;
  documents: { id: string; text: string }[];
  queries: { id: string; text: string }[];
  /** query id -> document id -> relevance (> 0). */
  qrels: Map<string, Map<string, number>>;
}

const jsonl = <T>(file: string): T[] =>
  gunzipSync(readFileSync(file))
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

/** Reads a committed dataset (BEIR layout, see data/SOURCE.md). */
export function loadBeirDataset(name: string): BeirDataset {
  const dir = path.join(DATA_DIR, name);
  const documents = jsonl<{ _id: string; title: string; text: string }>(path.join(dir, "corpus.jsonl.gz")).map((d) => ({
    id: d._id,
    text: d.title ? `${d.title}\n\n${d.text}` : d.text,
  }));
  const queries = jsonl<{ _id: string; text: string }>(path.join(dir, "queries.jsonl.gz")).map((q) => ({ id: q._id, text: q.text }));
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(path.join(dir, "qrels.tsv"), "utf8").split("\n").slice(1)) {
    const [query, doc, score] = line.split("\t");
    if (!query || !doc || !(Number(score) > 0)) continue;
    qrels.set(query, (qrels.get(query) ?? new Map()).set(doc, Number(score)));
  }
  return { name, documents, queries: queries.filter((q) => qrels.has(q.id)), qrels };
}

/** A deterministic sample of n items: every (length / n)-th, in the file's order. */
export function strideSample<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/**
 * A deterministic subset for a loaded machine: a stride sample of `queries` queries, every
 * document judged for them, and a stride sample of the other documents up to `documents` in all.
 */
export function subsetDataset(dataset: BeirDataset, { queries, documents }: { queries: number; documents: number }): BeirDataset {
  const chosen = strideSample(dataset.queries, queries);
  const judged = new Set(chosen.flatMap((q) => [...dataset.qrels.get(q.id)!.keys()]));
  const others = dataset.documents.filter((d) => !judged.has(d.id));
  const fill = new Set(strideSample(others, Math.max(0, documents - judged.size)).map((d) => d.id));
  return {
    ...dataset,
    documents: dataset.documents.filter((d) => judged.has(d.id) || fill.has(d.id)),
    queries: chosen,
    qrels: new Map(chosen.map((q) => [q.id, dataset.qrels.get(q.id)!])),
  };
}
