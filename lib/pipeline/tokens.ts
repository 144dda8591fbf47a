// The encoding-specific entry point loads only cl100k's ranks, not every encoding's.
import { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";

// Uploaded text may contain strings like "<|endoftext|>": they are content, not control
// tokens, so they are counted as ordinary text instead of making the tokenizer throw.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Tokens of `text` in the cl100k encoding, the unit of the document limit and chunk sizes. */
export function countTokens(text: string): number {
  return countCl100k(text, AS_PLAIN_TEXT);
}
