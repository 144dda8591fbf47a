import { decode } from "gpt-tokenizer/encoding/cl100k_base";
import type { TokenLimit } from "@/lib/embeddings/types";
import { countTokens, encodeTokens } from "./tokens";
import type { ExtractedSection } from "./types";

export interface Chunk {
  index: number;
  text: string;
  tokenCount: number;
  page?: number;
  label?: string;
  startS?: number;
  endS?: number;
}

export interface ChunkOptions {
  chunkSize: number;
  chunkOverlap: number;
}

interface Piece {
  text: string;
  tokens: number;
}

/**
 * Splits sections into chunks of at most `chunkSize` tokens. Chunks never span two sections
 * (so each keeps its page or heading), break at paragraph and sentence ends where they can,
 * and repeat up to `chunkOverlap` tokens of the previous chunk so no sentence loses its context.
 */
export function chunkSections(sections: readonly ExtractedSection[], options: ChunkOptions): Chunk[] {
  if (options.chunkOverlap >= options.chunkSize) throw new Error("chunkOverlap must be smaller than chunkSize");
  const chunks: Chunk[] = [];
  for (const section of sections) {
    for (const text of chunkText(section.text, options)) {
      chunks.push({
        index: chunks.length,
        text,
        tokenCount: countTokens(text),
        ...(section.page !== undefined && { page: section.page }),
        ...(section.label !== undefined && { label: section.label }),
        ...(section.startS !== undefined && { startS: section.startS }),
        ...(section.endS !== undefined && { endS: section.endS }),
      });
    }
  }
  return chunks;
}

export function chunkText(text: string, { chunkSize, chunkOverlap }: ChunkOptions): string[] {
  const pieces = splitPieces(text.trim(), chunkSize);
  const out: string[] = [];
  let current: Piece[] = [];
  let currentTokens = 0;
  let hasNew = false;

  for (const piece of pieces) {
    if (currentTokens + piece.tokens > chunkSize && hasNew) {
      out.push(join(current));
      // Carry the tail of this chunk into the next one, up to the overlap budget.
      const carried: Piece[] = [];
      let carriedTokens = 0;
      for (let i = current.length - 1; i >= 0; i--) {
        const p = current[i]!;
        if (carriedTokens + p.tokens > chunkOverlap || carriedTokens + p.tokens + piece.tokens > chunkSize) break;
        carried.unshift(p);
        carriedTokens += p.tokens;
      }
      current = carried;
      currentTokens = carriedTokens;
      hasNew = false;
    }
    current.push(piece);
    currentTokens += piece.tokens;
    hasNew = true;
  }
  if (hasNew) out.push(join(current));
  return out.filter((chunk) => chunk.length > 0);
}

function join(pieces: Piece[]): string {
  return pieces
    .map((p) => p.text)
    .join(" ")
    .replace(/ ?\n\n ?/g, "\n\n")
    .trim();
}

/** Paragraphs, then sentences, then raw token windows for anything still too long. */
function splitPieces(text: string, maxTokens: number): Piece[] {
  const pieces: Piece[] = [];
  const paragraphs = text.split(/\n\s*\n/);
  paragraphs.forEach((paragraph, p) => {
    const sentences = splitSentences(paragraph.trim());
    sentences.forEach((raw, s) => {
      const sentence = raw.replace(/\s+/g, " ").trim();
      if (!sentence) return;
      const tokens = encodeTokens(sentence);
      const paragraphEnd = s === sentences.length - 1 && p < paragraphs.length - 1;
      if (tokens.length <= maxTokens) {
        pieces.push({ text: paragraphEnd ? `${sentence}\n\n` : sentence, tokens: tokens.length });
        return;
      }
      for (let i = 0; i < tokens.length; i += maxTokens) {
        const window = tokens.slice(i, i + maxTokens);
        pieces.push({ text: decode(window).trim(), tokens: window.length });
      }
    });
  });
  return pieces;
}

/**
 * A sentence ends at . ! ? (and any closing quotes or brackets) followed by a space, or at 。:
 * a dot inside "4.2", "q1.xlsx" or a key path "a.b[2].c" is not an end, and splitting there would
 * rejoin it as "4. 2". The end is found by a forward scan: a look-behind over the closing marks
 * re-read the whole run at every character, quadratic on a long run of ")".
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const end of paragraph.matchAll(/[.!?]["')\]]*(\s+)|。/g)) {
    const space = end[1];
    const cut = end.index + end[0].length - (space?.length ?? 0);
    sentences.push(paragraph.slice(start, cut));
    start = end.index + end[0].length;
  }
  sentences.push(paragraph.slice(start));
  return sentences;
}

/**
 * Splits every chunk the text model could not read whole (counted by the model's own
 * tokenizer, its prompt and special tokens included) at word boundaries into pieces that fit,
 * so nothing is cut off at embedding time. Chunks keep their page, label and times; indexes
 * are renumbered.
 */
export function fitChunksToModel(chunks: readonly Chunk[], limit: TokenLimit | undefined): Chunk[] {
  if (!limit) return [...chunks];
  const out: Chunk[] = [];
  for (const chunk of chunks) {
    const pieces = limit.countTokens(chunk.text) <= limit.maxTokens ? [chunk.text] : splitToLimit(chunk.text, limit);
    for (const text of pieces) out.push({ ...chunk, index: out.length, text, tokenCount: countTokens(text) });
  }
  return out;
}

function splitToLimit(text: string, limit: TokenLimit): string[] {
  const overhead = limit.countTokens("");
  const words = text.split(/(?<=\s)(?=\S)/);
  const pieces: string[] = [];
  let current = "";
  let estimate = overhead;
  const flush = () => {
    if (current.trim()) pieces.push(...fitExactly(current.trim(), limit));
    current = "";
    estimate = overhead;
  };
  for (const word of words) {
    // Per-word counts add up to the whole for WordPiece; fitExactly corrects the rest.
    const cost = limit.countTokens(word) - overhead;
    if (estimate + cost > limit.maxTokens && current) flush();
    current += word;
    estimate += cost;
  }
  flush();
  return pieces;
}

/** Halves a piece until each part fits (a run of text with no space, or a tokenizer that merges across words). */
function fitExactly(text: string, limit: TokenLimit): string[] {
  if (limit.countTokens(text) <= limit.maxTokens || text.length < 2) return [text];
  const spaces = [...text.matchAll(/\s+/g)].map((m) => m.index);
  const middle = text.length / 2;
  const at = spaces.length ? spaces.reduce((best, i) => (Math.abs(i - middle) < Math.abs(best - middle) ? i : best)) : Math.floor(middle);
  return [...fitExactly(text.slice(0, at).trim(), limit), ...fitExactly(text.slice(at).trim(), limit)].filter(Boolean);
}
