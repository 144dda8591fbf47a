import { receiveMultipart } from "@/lib/api/multipart";
import { MAX_BATCH_BYTES, MAX_BODY_OVERHEAD_BYTES, MAX_FILES_PER_BATCH } from "@/lib/constants";
import { AppError, serviceUnavailable } from "@/lib/errors";
import { getBlobStore } from "@/lib/blob-store";
import { incomingKey } from "@/lib/storage";
import { chromaHeartbeat } from "@/lib/vectors/chroma";
import { checkWebhookUrl } from "@/lib/webhooks/check-webhook-url";
import { resolveBatchSettings } from "./batch-settings";
import { createBatch } from "./create-batch";
import { assertFileMetadataNames } from "./file-metadata";
import { uploadLimitFor, validateFiles } from "./validate-files";

const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * POST /v1/batches: stream the files into the blob store, validate the request and every file, create the
 * batch. POST /v1/media is the same with `maxFiles: 1`.
 */
export async function submitBatch({ request, accountId, maxFiles = MAX_FILES_PER_BATCH }: { request: Request; accountId: string; maxFiles?: number }) {
  const idempotencyKey = request.headers.get("idempotency-key")?.trim() || undefined;
  if (idempotencyKey && idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new AppError("validation_error", `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`);
  }
  const store = getBlobStore();
  const form = await receiveMultipart(request, {
    store,
    key: incomingKey,
    maxFiles,
    maxTotalBytes: MAX_BATCH_BYTES,
    hardLimitBytes: MAX_BATCH_BYTES + MAX_BODY_OVERHEAD_BYTES,
    fileLimit: uploadLimitFor,
  });
  const stored = form.files.filter((f) => f.key).map((f) => f.key);
  let kept = new Set<string>();
  try {
    const settings = resolveBatchSettings(form.fields);
    if (settings.callbackUrl) await checkWebhookUrl(settings.callbackUrl);
    if (form.files.length === 0) {
      throw new AppError("validation_error", "No files: attach at least one file in the 'file' field.", { max_allowed: maxFiles, requested: 0 });
    }
    assertFileMetadataNames(settings.fileMetadata, form.files.map((f) => f.filename));
    const { valid, rejected } = validateFiles(form.files);
    if (rejected.length > 0 && (!settings.skipInvalid || valid.length === 0)) {
      throw new AppError("invalid_media", rejected.length === 1 ? "A file failed validation." : `${rejected.length} files failed validation.`, {
        files: rejected,
        ...(settings.skipInvalid ? {} : { suggestion: "Fix or remove these files, or set skip_invalid in batch_options to accept the rest." }),
      });
    }
    // Checked last, just before the charge: a batch accepted now would only wait for Chroma.
    if (!(await chromaHeartbeat())) throw serviceUnavailable("vectors");
    const created = await createBatch({ accountId, settings, files: valid, rejected, ...(idempotencyKey && { idempotencyKey }) });
    kept = created.kept;
    return created.body;
  } finally {
    // Uploads the committed batch's items name stay until their item ends; the rest were refused,
    // duplicates or replays. A crash before this line leaves them to removeStaleIncoming.
    await Promise.all(stored.filter((k) => !kept.has(k)).map((k) => store.delete(k).catch(() => {})));
  }
}
