/** Words of a transcript as speech evaluations compare them: lower case, no punctuation. */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/(^|\s)'|'(\s|$)/g, " ")
    .split(/\s+/)
    .filter(Boolean);
}

/** Word-level edit distance (substitutions + deletions + insertions) of a hypothesis to its reference. */
export function wordEdits(reference: string[], hypothesis: string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1));
    }
    previous = current;
  }
  return previous[hypothesis.length]!;
}

/** Word error rate over a set of clips: all edits over all reference words. */
export function wordErrorRate(pairs: Array<{ reference: string; hypothesis: string }>): { edits: number; words: number; wer: number } {
  let edits = 0;
  let words = 0;
  for (const { reference, hypothesis } of pairs) {
    const ref = normaliseWords(reference);
    edits += wordEdits(ref, normaliseWords(hypothesis));
    words += ref.length;
  }
  return { edits, words, wer: words ? edits / words : 0 };
}
