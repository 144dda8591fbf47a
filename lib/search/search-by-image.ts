import { assertCleanText } from "@/lib/api/text-rules";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { receiveMultipart } from "@/lib/api/multipart";
import { localBlobStore } from "@/lib/blob-store/local-store";
import { CATEGORIES, MAX_BODY_OVERHEAD_BYTES } from "@/lib/constants";
import { AppError } from "@/lib/errors";
import { imageQueryHits } from "./query-spaces";
import { resolveCollections } from "./resolve-collections";
import { assembleResults, normaliseFilters } from "./search-media";
import { ImageSearchOptions } from "./search-schemas";
import { withRevisions } from "./revisions";
import { withContextChunks } from "./context-chunks";

/** An image query obeys the same size limit as an uploaded image. */
const MAX_IMAGE_BYTES = CATEGORIES.image.maxBytes;
const CANDIDATES = 250;

/** The formats the visual providers decode; sniffed, since a filename proves nothing. */
export function sniffImage(head: Buffer): "jpg" | "png" | "webp" | null {
  if (head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return "jpg";
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP") return "webp";
  return null;
}

function parseOptions(raw: string | undefined): ImageSearchOptions {
  let json: unknown = {};
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    throw new AppError("validation_error", "The options field is not valid JSON.");
  }
  assertCleanText(json, "The options field");
  const parsed = ImageSearchOptions.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_error", "The options field is invalid.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}

/** POST /v1/search with multipart `image` (+ `options`): pictures nearest to the image, by cosine similarity. */
export async function searchByImage({ accountId, request }: { accountId: string; request: Request }) {
  const started = performance.now();
  const dir = await mkdtemp(path.join(tmpdir(), "tessera-query-"));
  try {
    // The query picture stays on this machine (a temp folder), whatever STORAGE_URL says.
    const store = localBlobStore(dir);
    const form = await receiveMultipart(request, {
      store,
      key: (token) => `${token}.upload`,
      maxFiles: 1,
      maxTotalBytes: MAX_IMAGE_BYTES,
      hardLimitBytes: MAX_IMAGE_BYTES + MAX_BODY_OVERHEAD_BYTES,
      fileLimit: () => ({ maxBytes: MAX_IMAGE_BYTES }),
      fileField: "image",
    });
    const image = form.files[0];
    if (!image) throw new AppError("validation_error", "Attach the query picture in the 'image' field.");
    if (image.problem) throw new AppError("invalid_media", `The image ${image.problem}.`, { files: [{ filename: image.filename, reason: image.problem }] });
    if (!sniffImage(image.head)) {
      throw new AppError("invalid_media", "The image must be a JPEG, PNG or WebP file.", { files: [{ filename: image.filename, reason: "not a JPEG, PNG or WebP image" }] });
    }
    // A picture the decoders cannot read is the client's problem, not a server failure.
    const imagePath = store.ref(image.key);
    if (!(await sharp(imagePath).metadata().then((m) => Boolean(m.width), () => false))) {
      throw new AppError("invalid_media", "The image could not be decoded.", { files: [{ filename: image.filename, reason: "could not be decoded" }] });
    }
    const options = parseOptions(form.fields.get("options"));
    const collections = await resolveCollections({ accountId, names: options.collections });
    const filters = await withRevisions(normaliseFilters(options.filters), collections, options.include_previous_revisions);
    const vectorLists = await imageQueryHits({ accountId, collections, imagePath, nResults: Math.min(CANDIDATES, options.max_results * 5), filters });
    const results = await assembleResults({ accountId, query: "", vectorLists, lexicalHits: [], weight: 0, maxResults: options.max_results, minScore: options.min_score });
    return { query: null, results: await withContextChunks(accountId, results, options.context_chunks), took_ms: Math.round(performance.now() - started) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True for a multipart request (an image query); JSON is a text query. */
export function isMultipart(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
