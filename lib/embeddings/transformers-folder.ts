import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

/** Transformers.js' file for each dtype (the names of the exports on the Hub). */
export const DTYPE_FILES = {
  fp32: "model.onnx",
  fp16: "model_fp16.onnx",
  q8: "model_quantized.onnx",
  int8: "model_int8.onnx",
  uint8: "model_uint8.onnx",
  q4: "model_q4.onnx",
  q4f16: "model_q4f16.onnx",
  bnb4: "model_bnb4.onnx",
} as const;
export type TransformersDtype = keyof typeof DTYPE_FILES;

/** Tokenizers without a real limit write this sentinel (1e30) into model_max_length. */
const NO_LIMIT_SENTINEL = 1e29;

export async function exists(file: string) {
  return stat(file).then(() => true, () => false);
}

export interface TextModelSettings {
  dtype: TransformersDtype;
  pooling: "mean" | "cls";
  queryPrefix: string;
  documentPrefix: string;
  /** Tokens the model reads, special tokens included (tokenizer_config.json's model_max_length). */
  maxTokens: number;
  /** Folder name plus the first 12 hex digits of the weights' SHA-256: new weights are a new model. */
  identity: string;
}

export interface TextModelOverrides {
  dtype?: TransformersDtype;
  pooling?: "mean" | "cls";
  queryPrefix?: string;
  documentPrefix?: string;
}

async function readJson(folder: string, file: string, variable: string): Promise<Record<string, unknown> | undefined> {
  const full = path.join(folder, file);
  if (!(await exists(full))) return undefined;
  try {
    const value: unknown = JSON.parse(await readFile(full, "utf8"));
    if (value && typeof value === "object") return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new Error(`Model folder ${folder} (${variable}) has a malformed ${file}.`);
}

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * What a sentence model folder says about itself, read before Transformers.js sees it, with
 * settings for what it leaves out: the tokenizer's limit (required: without it Transformers.js
 * lets long inputs run past the position embeddings), pooling from sentence-transformers'
 * 1_Pooling/config.json, query and document prompts from config_sentence_transformers.json, and
 * the weights file of the dtype. Every problem is one error naming the folder and the file.
 */
export async function readTextModelSettings(folder: string, model: string, overrides: TextModelOverrides, variable = "TRANSFORMERS_TEXT_MODEL"): Promise<TextModelSettings> {
  const tokenizerConfig = await readJson(folder, "tokenizer_config.json", variable);
  if (!tokenizerConfig) throw new Error(`Model folder ${folder} (${variable}) is missing tokenizer_config.json (the tokenizer's settings, beside tokenizer.json).`);
  const max = tokenizerConfig.model_max_length;
  if (typeof max !== "number" || !Number.isFinite(max) || max <= 0 || max >= NO_LIMIT_SENTINEL) {
    throw new Error(
      `Model folder ${folder} (${variable}): tokenizer_config.json has no usable model_max_length (${max === undefined ? "none" : String(max)}); ` +
        `set it to the number of tokens the model was trained on (e.g. 256 for all-MiniLM-L6-v2, 512 for BGE and E5).`,
    );
  }
  const pooling = overrides.pooling ?? (await poolingOf(folder, variable));
  const prompts = ((await readJson(folder, "config_sentence_transformers.json", variable))?.prompts ?? {}) as Record<string, unknown>;
  const prompt = (name: string) => (typeof prompts[name] === "string" ? (prompts[name] as string) : "");
  const dtype = overrides.dtype ?? (await defaultDtype(folder));
  const weights = path.join(folder, "onnx", DTYPE_FILES[dtype]);
  if (!(await exists(weights))) throw new Error(`Model folder ${folder} (${variable}) is missing onnx/${DTYPE_FILES[dtype]} (the ${dtype} weights; TRANSFORMERS_DTYPE picks another).`);
  return {
    dtype,
    pooling,
    queryPrefix: overrides.queryPrefix ?? (prompt("query") || prompt("search_query")),
    documentPrefix: overrides.documentPrefix ?? (prompt("document") || prompt("passage") || prompt("search_document")),
    maxTokens: Math.floor(max),
    identity: `${model}@${(await sha256(weights)).slice(0, 12)}`,
  };
}

async function poolingOf(folder: string, variable: string): Promise<"mean" | "cls"> {
  const config = await readJson(folder, path.join("1_Pooling", "config.json"), variable);
  if (!config) return "mean";
  if (config.pooling_mode_cls_token === true) return "cls";
  if (config.pooling_mode_mean_tokens === true) return "mean";
  throw new Error(`Model folder ${folder} (${variable}): 1_Pooling/config.json asks for a pooling other than mean or CLS, which this provider does not do; set TRANSFORMERS_POOLING.`);
}

/** fp32 when its file is there, else the quantized export (folders often hold only that). */
async function defaultDtype(folder: string): Promise<TransformersDtype> {
  if (await exists(path.join(folder, "onnx", DTYPE_FILES.fp32))) return "fp32";
  if (await exists(path.join(folder, "onnx", DTYPE_FILES.q8))) return "q8";
  return "fp32";
}
