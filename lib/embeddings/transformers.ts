import { readFile } from "node:fs/promises";
import path from "node:path";
import { exists, readTextModelSettings, type TextModelOverrides } from "./transformers-folder";
import { l2normalise, type EmbeddingProvider, type VisualEmbeddingProvider } from "./types";

/** Texts or images per model call. */
const BATCH_SIZE = 16;

/**
 * The files each kind of model folder must hold (the layout of Transformers.js exports on the
 * Hub); a text model's weights file depends on its dtype (see transformers-folder.ts).
 */
const REQUIRED = {
  text: ["config.json", "tokenizer.json"],
  clip: ["config.json", "tokenizer.json", "preprocessor_config.json", "onnx/text_model.onnx", "onnx/vision_model.onnx"],
} as const;

/**
 * Checks a local model folder before Transformers.js sees it, so a missing or broken
 * download is one clear start-up error naming the folder and the file, never a fallback
 * to another model or an attempt to download (there is no network to download from).
 */
export async function checkModelFolder(modelDir: string | undefined, model: string | undefined, kind: keyof typeof REQUIRED): Promise<string> {
  const variable = kind === "clip" ? "TRANSFORMERS_CLIP_MODEL" : "TRANSFORMERS_TEXT_MODEL";
  if (!modelDir) throw new Error(`TRANSFORMERS_MODEL_DIR is not set: the transformers provider needs a local folder of models.`);
  if (!model) throw new Error(`${variable} is not set: name a model folder inside ${modelDir}.`);
  const folder = path.resolve(modelDir, model);
  if (!(await exists(folder))) throw new Error(`Model folder ${folder} (${variable}) does not exist.`);
  for (const file of REQUIRED[kind]) {
    if (!(await exists(path.join(folder, file)))) throw new Error(`Model folder ${folder} (${variable}) is missing ${file}.`);
  }
  let config: unknown;
  try {
    config = JSON.parse(await readFile(path.join(folder, "config.json"), "utf8"));
  } catch (error) {
    throw new Error(`Model folder ${folder} (${variable}) has a malformed config.json: ${(error as Error).message}`);
  }
  const modelType = (config as { model_type?: unknown } | null)?.model_type;
  if (typeof modelType !== "string") throw new Error(`Model folder ${folder} (${variable}) has a config.json without a model_type.`);
  if (kind === "clip" && !modelType.includes("clip")) throw new Error(`Model folder ${folder} (${variable}) holds a '${modelType}' model, not a CLIP model.`);
  return folder;
}

/** Transformers.js set to read models only from `modelDir` (there is no network to download from). */
export async function transformersLocal(modelDir: string) {
  const t = await import("@huggingface/transformers");
  t.env.allowRemoteModels = false;
  t.env.allowLocalModels = true;
  t.env.localModelPath = path.resolve(modelDir) + path.sep;
  return t;
}

function wrap(folder: string, error: unknown): Error {
  return new Error(`Could not load the model in ${folder}: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * A sentence-embedding model (MiniLM, BGE, E5, GTE, nomic...): the folder's pooling (mean or
 * CLS) and query/document prompts, then unit length. Its model name carries a hash of the
 * weights, so a collection notices new weights under the same folder name. A text longer than
 * the model reads is refused, never cut: the pipeline splits chunks to `tokenLimit` first.
 */
export async function loadTransformersText({ modelDir, model, ...overrides }: { modelDir?: string; model?: string } & TextModelOverrides): Promise<EmbeddingProvider> {
  const folder = await checkModelFolder(modelDir, model, "text");
  const settings = await readTextModelSettings(folder, model!, overrides);
  const t = await transformersLocal(modelDir!);
  const extractor = await t.pipeline("feature-extraction", model!, { dtype: settings.dtype }).catch((e: unknown) => Promise.reject(wrap(folder, e)));
  const countTokens = (text: string) => extractor.tokenizer.encode(text).length;
  const embed = async (texts: string[], prefix: string) => {
    const inputs = texts.map((text) => prefix + text);
    for (const input of inputs) {
      const tokens = countTokens(input);
      if (tokens > settings.maxTokens) {
        throw new Error(`A text of ${tokens} tokens is longer than the ${settings.maxTokens} that ${folder} reads (tokenizer_config.json model_max_length); it is not cut short.`);
      }
    }
    const out: number[][] = [];
    for (let i = 0; i < inputs.length; i += BATCH_SIZE) {
      const output = await extractor(inputs.slice(i, i + BATCH_SIZE), { pooling: settings.pooling, normalize: true });
      out.push(...(output.tolist() as number[][]));
    }
    return out;
  };
  const [probe] = await embed(["dimension probe"], settings.documentPrefix).catch((e: unknown) => Promise.reject(wrap(folder, e)));
  return {
    provider: "transformers",
    model: settings.identity,
    dimension: probe!.length,
    space: "text",
    embedTexts: (texts) => embed(texts, settings.documentPrefix),
    embedQueries: (texts) => embed(texts, settings.queryPrefix),
    tokenLimit: { maxTokens: settings.maxTokens, countTokens: (text) => countTokens(settings.documentPrefix + text) },
  };
}

/** A CLIP model: pictures and text land in one space, so text queries can search pictures. */
export async function loadTransformersClip({ modelDir, model }: { modelDir?: string; model?: string }): Promise<VisualEmbeddingProvider> {
  const folder = await checkModelFolder(modelDir, model, "clip");
  const t = await transformersLocal(modelDir!);
  const [tokenizer, processor, textModel, visionModel] = await Promise.all([
    t.AutoTokenizer.from_pretrained(model!),
    t.AutoProcessor.from_pretrained(model!),
    t.CLIPTextModelWithProjection.from_pretrained(model!, { dtype: "fp32" }),
    t.CLIPVisionModelWithProjection.from_pretrained(model!, { dtype: "fp32" }),
  ]).catch((e: unknown) => Promise.reject(wrap(folder, e)));
  const config = JSON.parse(await readFile(path.join(folder, "config.json"), "utf8")) as { projection_dim?: number };

  async function embedTextQueries(texts: string[]) {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) {
      const inputs = tokenizer(texts.slice(i, i + BATCH_SIZE), { padding: true, truncation: true });
      const { text_embeds } = await textModel(inputs);
      out.push(...(text_embeds.tolist() as number[][]).map(l2normalise));
    }
    return out;
  }
  return {
    provider: "transformers",
    model: model!,
    dimension: config.projection_dim ?? (await embedTextQueries(["dimension probe"]))[0]!.length,
    space: "visual",
    embedTextQueries,
    async embedImages(paths) {
      const out: number[][] = [];
      for (let i = 0; i < paths.length; i += BATCH_SIZE) {
        const images = await Promise.all(paths.slice(i, i + BATCH_SIZE).map((p) => t.RawImage.read(p)));
        const { image_embeds } = await visionModel(await processor(images));
        out.push(...(image_embeds.tolist() as number[][]).map(l2normalise));
      }
      return out;
    },
  };
}
