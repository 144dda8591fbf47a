import { openAsBlob } from "node:fs";
import type { TesseraClient } from "./client";

export interface BatchFile {
  /** Path on this machine. */
  path: string;
  /** The filename the server stores (no '/' allowed). */
  filename: string;
}

export interface SubmitBatchInput {
  files: BatchFile[];
  collection: string;
  forceOverwrite?: boolean;
  /** batch_options: metadata, batch_name, skip_invalid, ... */
  batchOptions?: Record<string, unknown>;
  idempotencyKey?: string;
}

/** POST /v1/batches with the files streamed from disk (openAsBlob reads them as the body is sent). */
export async function submitBatch(client: TesseraClient, input: SubmitBatchInput) {
  const form = new FormData();
  for (const file of input.files) form.append("file", await openAsBlob(file.path), file.filename);
  form.append("collection_id", input.collection);
  if (input.forceOverwrite) form.append("force_overwrite", "true");
  if (input.batchOptions) form.append("batch_options", JSON.stringify(input.batchOptions));
  return client.POST("/v1/batches", {
    // The generated type describes the fields; the body itself is the FormData, sent as is.
    body: form as never,
    bodySerializer: (body) => body as unknown as FormData,
    params: { header: input.idempotencyKey ? { "Idempotency-Key": input.idempotencyKey } : {} },
  });
}
