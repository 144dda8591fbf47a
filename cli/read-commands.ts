import { errorMessage, type TesseraClient } from "../sdk/client";

// search, status, collections, balance: one request each; --json prints the API's `data` as is.

type Result = { data?: { data: unknown }; error?: unknown; response: Response };

export class ApiError extends Error {}

function unwrap<T extends Result>(result: T): NonNullable<T["data"]>["data"] {
  if (!result.data) throw new ApiError(errorMessage(result.error, result.response));
  return result.data.data as NonNullable<T["data"]>["data"];
}

export async function search(client: TesseraClient, query: string, o: { collection?: string[]; type?: string[]; limit: number }) {
  const data = unwrap(
    await client.POST("/v1/search", {
      body: {
        query,
        ...(o.collection?.length && { collections: o.collection }),
        max_results: o.limit,
        ...(o.type?.length && { filters: { media_type: o.type as never } }),
      },
    }),
  );
  const text = data.results.map((r, i) => {
    const where = r.chunk.page !== null ? ` p.${r.chunk.page}` : r.chunk.start_s !== null ? ` ${r.chunk.start_s}s` : "";
    return `${i + 1}. ${r.filename}${where} [${r.collection}] ${r.score.toFixed(3)} ${r.media_id}\n   ${r.chunk.text.replace(/\s+/g, " ").slice(0, 160)}`;
  });
  return { data, text: text.join("\n") || "No results." };
}

export async function status(client: TesseraClient, batchId?: string) {
  if (batchId) {
    const data = unwrap(await client.GET("/v1/batches/{id}", { params: { path: { id: batchId }, query: { include_errors: "true" } } }));
    const counts = Object.entries(data.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ");
    const errors = (data.errors ?? []).map((e) => `  FAILED ${e.filename}: ${[e.code, e.message].filter(Boolean).join(": ")}`);
    return { data, text: [`${data.batch_id} ${data.status} ${data.progress.completed}/${data.progress.total} (${counts}) in '${data.collection}', net $${data.cost.net}`, ...errors].join("\n") };
  }
  const data = unwrap(await client.GET("/v1/status"));
  const rl = data.api_key.rate_limit;
  return {
    data,
    text: [
      `Service ${data.status}: database ${data.components.database}, vectors ${data.components.vectors}`,
      `Queue: ${data.components.job_queue.queued_items} queued, ${data.components.job_queue.processing_items} processing`,
      `Key ${data.api_key.id} (${data.api_key.capabilities.join(", ")}): ${rl.remaining}/${rl.limit} requests left this hour`,
      `Batches: at most ${data.upload_limits.max_files_per_batch} files and ${data.upload_limits.max_batch_bytes} bytes`,
    ].join("\n"),
  };
}

export async function collections(client: TesseraClient) {
  const data = unwrap(await client.GET("/v1/media/collections"));
  const lines = data.collections.map((c) => Object.entries(c).map(([k, v]) => `${k}=${v}`).join("  "));
  return { data, text: lines.join("\n") || "No collections." };
}

export async function balance(client: TesseraClient) {
  const data = unwrap(await client.GET("/v1/balance"));
  return { data, text: `$${data.balance} ${data.currency}` };
}
