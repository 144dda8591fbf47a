import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { batchItems, chunks, media } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Capability } from "@/lib/api-keys/generate-api-key";
import { getMediaVectors } from "@/lib/vectors/chroma";
import { POST as postMediaRoute } from "@/app/v1/media/route";
import { waitForBatch, type UploadFile } from "./helpers";

type Handler = (request: Request, route: { params: Promise<any> }) => Promise<Response>;

/** Calls a real route handler: JSON bodies are sent as JSON, params as Next would pass them. */
export async function call(
  handler: Handler,
  { method = "GET", path, apiKey, params = {}, json, headers = {} }: { method?: string; path: string; apiKey?: string; params?: Record<string, unknown>; json?: unknown; headers?: Record<string, string> },
) {
  const request = new Request(`http://tessera.test${path}`, {
    method,
    headers: { ...(apiKey && { "x-api-key": apiKey }), ...(json !== undefined && { "content-type": "application/json" }), ...headers },
    ...(json !== undefined && { body: typeof json === "string" ? json : JSON.stringify(json) }),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as any };
}

export async function postMedia({ apiKey, files, fields = {} }: { apiKey?: string; files: UploadFile[]; fields?: Record<string, string> }) {
  const form = new FormData();
  for (const file of files) form.append("file", new Blob([new Uint8Array(Buffer.from(file.content))]), file.name);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request("http://tessera.test/v1/media", { method: "POST", body: form, headers: { ...(apiKey && { "x-api-key": apiKey }) } });
  const response = await postMediaRoute(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as any };
}

/** A text whose content (and so checksum) is unique to `seed`, long enough for several chunks. */
export const uniqueText = (seed: string) =>
  Array.from({ length: 12 }, (_, i) => `Paragraph ${i} of ${seed}: the lighthouse keeper counted ${i + 3} gulls over the ${seed} harbour.`).join("\n\n");

/** Uploads one file through POST /v1/media and waits until the worker has processed it. */
export async function readyMedia({ accountId, apiKey, name, collection = "default", content }: { accountId: string; apiKey: string; name: string; collection?: string; content?: string }) {
  const { status, body } = await postMedia({
    apiKey,
    files: [{ name, content: content ?? uniqueText(`${name}-${Math.random()}`) }],
    fields: { collection_id: collection, batch_options: JSON.stringify({ chunk_size: 60, chunk_overlap: 5 }) },
  });
  if (status !== 200) throw new Error(`upload failed: ${JSON.stringify(body)}`);
  const done = await waitForBatch(accountId, body.data.batch_id);
  if (done.status !== "completed") throw new Error(`batch ${done.status}`);
  return body.data.media_id as string;
}

export async function keyWith(accountId: string, capabilities: Capability[]) {
  return (await createApiKey(getDb(), { accountId, name: capabilities.join("+"), capabilities })).secret;
}

export async function mediaRow(mediaId: string) {
  return (await getDb().query.media.findFirst({ where: (m, { eq }) => eq(m.id, mediaId) })) ?? null;
}

export async function chunkRows(mediaId: string) {
  return getDb().select().from(chunks).where(eq(chunks.mediaId, mediaId));
}

export async function vectorIds({ accountId, collectionRowId, mediaId }: { accountId: string; collectionRowId: string; mediaId: string }) {
  return (await getMediaVectors({ accountId, collectionRowId, space: "text", mediaId })).ids;
}

/** Pretends a worker holds the media's item (a live lease), so tests need not race a real one. */
export async function holdItemOf(mediaId: string, status: "queued" | "processing" | "succeeded") {
  await getDb()
    .update(batchItems)
    .set({ status, ...(status === "processing" ? { workerId: "test-holder", leaseExpiresAt: new Date(Date.now() + 3_600_000) } : { workerId: null, leaseExpiresAt: null }) })
    .where(eq(batchItems.mediaId, mediaId));
}

export const mediaInCollection = async (collectionRowId: string) => getDb().select().from(media).where(eq(media.collectionId, collectionRowId));
