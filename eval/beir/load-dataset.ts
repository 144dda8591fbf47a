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
