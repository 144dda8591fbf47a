// node eval/beir/build-data.mjs NFCORPUS_DIR ARGUANA_EXTRACTED_DIR
//
// Builds eval/beir/data/{nfcorpus,arguana}/ (corpus.jsonl.gz, queries.jsonl.gz, qrels.tsv) in the
// BEIR layout from the two public releases the datasets come from (see eval/beir/data/SOURCE.md):
// NFCORPUS_DIR is the NFCorpus release folder (test.docs, test.titles.queries, test.2-1-0.qrel);
// ARGUANA_EXTRACTED_DIR is the ArguAna counterargs corpus' 02-extracted-arguments/test folder.
// Run once by hand; the eval reads only the committed output.

import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const [nfDir, argDir] = process.argv.slice(2);
if (!nfDir || !argDir) throw new Error("usage: node eval/beir/build-data.mjs NFCORPUS_DIR ARGUANA_EXTRACTED_DIR");
const out = path.join(import.meta.dirname, "data");
const jsonl = (rows) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const tsv = (rows) => "query-id\tcorpus-id\tscore\n" + rows.map((r) => r.join("\t")).join("\n") + "\n";
const write = (name, { corpus, queries, qrels }) => {
  mkdirSync(path.join(out, name), { recursive: true });
  writeFileSync(path.join(out, name, "corpus.jsonl.gz"), zlib.gzipSync(jsonl(corpus), { level: 9 }));
  writeFileSync(path.join(out, name, "queries.jsonl.gz"), zlib.gzipSync(jsonl(queries), { level: 9 }));
  writeFileSync(path.join(out, name, "qrels.tsv"), tsv(qrels));
  console.log(`${name}: ${corpus.length} documents, ${queries.length} queries, ${qrels.length} judgements`);
};
const lines = (file) => readFileSync(file, "utf8").split("\n").filter(Boolean);

// NFCorpus test split, as BEIR uses it: title queries, 2-1-0 judgements (levels 2 and 1).
{
  const corpus = lines(path.join(nfDir, "test.docs")).map((l) => {
    const [_id, text] = l.split("\t");
    return { _id, title: "", text };
  });
  const qrels = lines(path.join(nfDir, "test.2-1-0.qrel")).map((l) => {
    const [q, , d, score] = l.split("\t");
    return [q, d, score];
  });
  const judged = new Set(qrels.map((r) => r[0]));
  const queries = lines(path.join(nfDir, "test.titles.queries"))
    .map((l) => {
      const [_id, text] = l.split("\t");
      return { _id, text };
    })
    .filter((q) => judged.has(q._id));
  write("nfcorpus", { corpus, queries, qrels });
}

// ArguAna test split: every point and counter is a document; each point with a counter is a query
// whose one relevant document is its counter (BEIR's task; the query's own document is ignored
// when scoring, as BEIR does).
{
  const corpus = [];
  const queries = [];
  const qrels = [];
  for (const theme of readdirSync(argDir).filter((t) => !t.startsWith(".")).sort()) {
    for (const debate of readdirSync(path.join(argDir, theme)).filter((d) => !d.startsWith(".")).sort()) {
      for (const side of ["pro", "con"]) {
        const dir = path.join(argDir, theme, debate, side);
        if (!existsSync(dir)) continue;
        for (const file of readdirSync(dir).filter((f) => f.endsWith(".txt")).sort()) {
          const m = /^((?:pro|con)\d+)([ab])-(point|counter)\.txt$/.exec(file);
          if (!m) continue;
          const text = readFileSync(path.join(dir, file), "utf8").trim();
          if (!text) continue;
          const _id = `test-${theme}-${debate}-${m[1]}${m[2]}`;
          corpus.push({ _id, title: "", text });
          if (m[2] === "a" && existsSync(path.join(dir, `${m[1]}b-counter.txt`))) {
            queries.push({ _id, text });
            qrels.push([_id, `test-${theme}-${debate}-${m[1]}b`, "1"]);
          }
        }
      }
    }
  }
  write("arguana", { corpus, queries, qrels });
}
