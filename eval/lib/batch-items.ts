/** Waits until a batch is finished, then returns its items (at most 100: the evals submit 25 a batch). */
export async function finishedBatchItems({ accountId, batchId, pollMs = 250 }: { accountId: string; batchId: string; pollMs?: number }) {
  const { getBatchResults } = await import("@/lib/batches/get-batch-results");
  const { getBatchStatus } = await import("@/lib/batches/get-batch-status");
  for (;;) {
    const status = await getBatchStatus({ accountId, batchId, includeErrors: false, includeJobDetails: false });
    if (!["created", "running"].includes(status.status)) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return (await getBatchResults({ accountId, batchId, page: 1, pageSize: 100 })).items;
}
