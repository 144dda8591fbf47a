import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { apiKeysQuery, balanceQuery, batchListQuery, batchQuery, batchResultsQuery, collectionMediaQuery, collectionsQuery, invalidateAfter, invitationsQuery, ledgerQuery, mediaQuery, membersQuery, recentBatchesQuery, searchQuery, statusQuery, usageQuery } from "./queries";

// Plain keys: the test stores placeholder data, not each resource's shape.
const keys = (): Record<string, QueryKey> => ({
  balance: balanceQuery().queryKey,
  usage: usageQuery().queryKey,
  batches: batchListQuery().queryKey,
  recent: recentBatchesQuery().queryKey,
  batch: batchQuery("batch_1").queryKey,
  results: batchResultsQuery("batch_1").queryKey,
  otherBatch: batchQuery("batch_2").queryKey,
  collections: collectionsQuery().queryKey,
  collectionMedia: collectionMediaQuery("docs").queryKey,
  media: mediaQuery("med_1").queryKey,
  search: searchQuery({ query: "x" }).queryKey,
  ledger: ledgerQuery().queryKey,
  status: statusQuery().queryKey,
  keys: apiKeysQuery().queryKey,
  invitations: invitationsQuery().queryKey,
  members: membersQuery().queryKey,
});

/** A client holding data under every key; returns which keys an invalidation marked stale. */
async function invalidated(run: (client: QueryClient) => Promise<void>): Promise<string[]> {
  const client = new QueryClient();
  for (const key of Object.values(keys())) client.setQueryData(key, {});
  await run(client);
  return Object.entries(keys())
    .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
    .map(([name]) => name)
    .sort();
}

describe("console query layer", () => {
  it("gives every resource its own key, so no two shapes share a cache entry", () => {
    const serialised = Object.values(keys()).map((k) => JSON.stringify(k));
    expect(new Set(serialised).size).toBe(serialised.length);
  });

  it("keys a batch list by its parameters, so a page and its prefetch meet", () => {
    expect(batchListQuery(new URLSearchParams()).queryKey).toEqual(batchListQuery().queryKey);
    expect(batchListQuery(new URLSearchParams({ status: "failed" })).queryKey).not.toEqual(batchListQuery().queryKey);
  });

  it("an upload refreshes the balance, every batch entry, collections, usage and the ledger", async () => {
    expect(await invalidated((c) => invalidateAfter.upload(c))).toEqual(["balance", "batch", "batches", "collectionMedia", "collections", "ledger", "otherBatch", "recent", "results", "usage"]);
  });

  it("cancelling a batch refreshes that batch, the lists, the balance and the ledger, not other batches", async () => {
    expect(await invalidated((c) => invalidateAfter.batchCancelled(c, "batch_1"))).toEqual(["balance", "batch", "batches", "ledger", "recent", "results"]);
  });

  it("deleting media drops its page and refreshes collections and searches", async () => {
    const client = new QueryClient();
    client.setQueryData(mediaQuery("med_1").queryKey as QueryKey, {});
    await invalidateAfter.mediaDeleted(client, "med_1");
    expect(client.getQueryData(mediaQuery("med_1").queryKey)).toBeUndefined();
    expect(await invalidated((c) => invalidateAfter.mediaDeleted(c, "med_1"))).toEqual(["collectionMedia", "collections", "search"]);
  });
});
