// Real text for bench:search: the committed BEIR documents (NFCorpus and ArguAna, see
// eval/beir/data/SOURCE.md) cut into sentence-sized chunks, and real queries from the same
// datasets. Natural text has a Zipfian vocabulary: most query words are rare and a few are
// common, which is what a full-text index is built for. (The bench's earlier sentences came
// from a 38-word vocabulary, so every query word matched ~30% of all chunks.)

import { loadBeirDataset, strideSample } from "../../eval/beir/load-dataset";

/** Words per chunk: about a sentence (ArguAna's average sentence is ~22 words). */
export const WORDS_PER_CHUNK = 24;
const DATASETS = ["nfcorpus", "arguana"];

export interface BenchDocument {
  /** The words of one source document, in order. */
  words: string[];
}

export function benchDocuments(): BenchDocument[] {
  return DATASETS.flatMap((name) => loadBeirDataset(name).documents.map((d) => ({ words: d.text.split(/\s+/).filter(Boolean) })));
}

/**
 * `count` chunks: each document cut into windows of WORDS_PER_CHUNK words, in passes whose
 * windows start a third of a window later (0, 8, 16 words in), so a pass repeats no chunk of an
 * earlier one (overlapping windows, as the chunker's overlap makes), until `count` are made.
 * `document` is the index of the source document.
 */
export function* benchChunks(documents: BenchDocument[], count: number): Generator<{ text: string; document: number }> {
  const step = WORDS_PER_CHUNK / 3;
  let made = 0;
  for (let pass = 0; made < count; pass++) {
    const offset = (pass % 3) * step;
    for (let d = 0; d < documents.length && made < count; d++) {
      const words = documents[d]!.words;
      for (let start = offset; start < words.length && made < count; start += WORDS_PER_CHUNK) {
        made++;
        yield { text: words.slice(start, start + WORDS_PER_CHUNK).join(" "), document: d };
      }
    }
  }
}

/**
 * `n` real queries: NFCorpus's test queries (short topic titles) and ArguAna's argument titles
 * (the first line of each query; the whole argument is a paragraph, not what people type), half
 * of each, in a fixed order.
 */
export function benchQueries(n: number): string[] {
  const nf = loadBeirDataset("nfcorpus").queries.map((q) => q.text);
  const ar = loadBeirDataset("arguana").queries.map((q) => q.text.split("\n")[0]!.trim()).filter(Boolean);
  const a = strideSample(nf, Math.ceil(n / 2));
  const b = strideSample(ar, Math.floor(n / 2));
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a[i / 2]! : b[(i - 1) / 2]!));
}
