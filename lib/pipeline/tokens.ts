// The encoding-specific entry point loads only cl100k's ranks, not every encoding's.
import { countTokens as countCl100k, encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { CL100K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";

// Uploaded text may contain strings like "<|endoftext|>": they are content, not control
// tokens, so they are counted as ordinary text instead of making the tokenizer throw.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * The longest pre-token (a run of letters, of punctuation or of whitespace) the byte-pair merge
 * sees whole. The merge is quadratic in a pre-token's length, so a 200,000-letter word took 42 s;
 * cut into pieces of this many characters, work grows linearly with the text. Words in real text
 * are far shorter, so their tokens are exactly cl100k's; only a longer run is counted piecewise.
 */
export const MAX_PRE_TOKEN_CHARS = 256;

/** Tokens of `text` in the cl100k encoding, the unit of the document limit and chunk sizes. */
export function countTokens(text: string): number {
  let count = 0;
  for (const part of boundedParts(text)) count += countCl100k(part, AS_PLAIN_TEXT);
  return count;
}

/** cl100k token ids of `text`, with the same bound on pre-token length as `countTokens`. */
export function encodeTokens(text: string): number[] {
  const tokens: number[] = [];
  for (const part of boundedParts(text)) for (const token of encodeCl100k(part, AS_PLAIN_TEXT)) tokens.push(token);
  return tokens;
}

/**
 * Cuts `text` only where the tokenizer's own pre-tokenizer splits it, so every part tokenizes as
 * it would inside the whole; a pre-token longer than MAX_PRE_TOKEN_CHARS becomes parts of that
 * size (never splitting a surrogate pair).
 */
function* boundedParts(text: string): Generator<string> {
  if (text.length <= MAX_PRE_TOKEN_CHARS) {
    if (text) yield text;
    return;
  }
  let start = 0;
  for (const match of text.matchAll(CL100K_TOKEN_SPLIT_REGEX)) {
    const preToken = match[0];
    if (preToken.length <= MAX_PRE_TOKEN_CHARS) continue;
    if (match.index > start) yield text.slice(start, match.index);
    for (let from = 0; from < preToken.length; ) {
      let to = Math.min(from + MAX_PRE_TOKEN_CHARS, preToken.length);
      if (to < preToken.length && isLowSurrogate(preToken.charCodeAt(to))) to -= 1;
      yield preToken.slice(from, to);
      from = to;
    }
    start = match.index + preToken.length;
  }
  if (start < text.length) yield text.slice(start);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
