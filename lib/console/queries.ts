"use client";

// The console's one query layer: every resource a page reads has ONE factory here, which
// owns its cache key, its fetch and the shape it caches (always the envelope's `data`, never
// the envelope), and one exported type. Components call `useQuery(balanceQuery())`, the
// sidebar prefetches with the same factories, and each mutation's invalidations are the
// functions at the bottom. Two components once cached different shapes under one key
// (`["balance"]` as data and as the envelope): a client navigation between them crashed.
// Keys are arrays whose first element names the resource, so invalidating `["batches"]`
// reaches every list, detail and results entry of batches.

import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ApiKeySummary } from "@/lib/api-keys/schemas";
import type { BatchListResponse, BatchResultsResponse, BatchStatusResponse } from "@/lib/batches/schemas";
import type { MonthlyUsage } from "@/lib/billing/get-monthly-usage";
import type { LedgerRow } from "@/lib/billing/ledger-csv";
import type { BalanceResponse } from "@/lib/billing/schemas";
import type { CollectionSummary } from "@/lib/collections/schemas";
import { CONSOLE_MEDIA_PAGE_SIZE } from "@/lib/constants";
import type { MediaDetail, MediaListResponse } from "@/lib/media/schemas";
import type { SearchResponse } from "@/lib/search/search-schemas";
import type { StatusResponse } from "@/lib/status/schemas";
import type { OpenInvitation, TeamMember } from "@/lib/team/schemas";
import { apiGet, apiRequest } from "./api";

export type Balance = BalanceResponse["data"];
export type BatchSummary = BatchListResponse["data"][number];
export type BatchPage = { batches: BatchSummary[]; nextCursor: string | null };
export type BatchDetail = z.infer<typeof BatchStatusResponse>["data"];
export type BatchResults = z.infer<typeof BatchResultsResponse>["data"];
export type MediaPage = MediaListResponse["data"];
export type LedgerPage = { rows: LedgerRow[]; nextCursor: string | null };
export type SearchData = z.infer<typeof SearchResponse>["data"];
export type Status = StatusResponse["data"];
export type { ApiKeySummary, CollectionSummary, LedgerRow, MediaDetail, MonthlyUsage, OpenInvitation, TeamMember };

/** The overview lists this many of the newest batches. */
export const RECENT_BATCHES = 5;
/** A ledger page; the CSV export walks every page of the same size. */
export const LEDGER_PAGE_SIZE = 50;
// A batch holds at most MAX_FILES_PER_BATCH items, within one results page of 100.
const RESULTS_PAGE_SIZE = 100;

const data = <T>(promise: Promise<{ data: T }>) => promise.then((r) => r.data);

export const balanceQuery = () =>
  queryOptions({ queryKey: ["balance"] as const, queryFn: ({ signal }) => data(apiGet<Balance>("/v1/balance", signal)) });

export const usageQuery = () =>
  queryOptions({ queryKey: ["usage"] as const, queryFn: ({ signal }) => data(apiGet<MonthlyUsage>("/api/console/usage", signal)) });

/**
 * A page of `GET /v1/batches` for these query parameters (filters, limit, cursor). The key
 * holds the parameters as a string in a fixed order, so the list page and a prefetch of it
 * meet in one cache entry.
 */
export const batchListQuery = (params: URLSearchParams = new URLSearchParams()) => {
  const search = params.toString();
  return queryOptions({
    queryKey: ["batches", "list", search] as const,
    queryFn: async ({ signal }): Promise<BatchPage> => {
      const response = await apiGet<BatchSummary[]>(`/v1/batches${search ? `?${search}` : ""}`, signal);
      return { batches: response.data, nextCursor: (response.next_cursor as string | null | undefined) ?? null };
    },
  });
};

export const recentBatchesQuery = () => batchListQuery(new URLSearchParams({ limit: String(RECENT_BATCHES) }));

const batchPath = (batchId: string) => `/v1/batches/${encodeURIComponent(batchId)}`;

export const batchQuery = (batchId: string) =>
  queryOptions({ queryKey: ["batches", "detail", batchId] as const, queryFn: ({ signal }) => data(apiGet<BatchDetail>(batchPath(batchId), signal)) });

export const batchResultsQuery = (batchId: string) =>
  queryOptions({
    queryKey: ["batches", "results", batchId] as const,
    queryFn: ({ signal }) => data(apiGet<BatchResults>(`${batchPath(batchId)}/results?page_size=${RESULTS_PAGE_SIZE}`, signal)),
  });

export const collectionsQuery = () =>
  queryOptions({
    queryKey: ["collections", "list"] as const,
    queryFn: async ({ signal }) => (await apiGet<{ collections: CollectionSummary[] }>("/v1/media/collections", signal)).data.collections,
  });

/** A collection's media, page by page ("Load more"). */
export const collectionMediaQuery = (name: string) =>
  infiniteQueryOptions({
    queryKey: ["collections", "media", name] as const,
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ collection: name, page: String(pageParam), page_size: String(CONSOLE_MEDIA_PAGE_SIZE) });
      return data(apiGet<MediaPage>(`/v1/media?${query}`, signal));
    },
    getNextPageParam: (last: MediaPage) => (last.pagination.page < last.pagination.total_pages ? last.pagination.page + 1 : undefined),
  });

export const mediaQuery = (mediaId: string) =>
  queryOptions({
    queryKey: ["media", mediaId] as const,
    queryFn: ({ signal }) => data(apiGet<MediaDetail>(`/v1/media/${encodeURIComponent(mediaId)}?include_chunks=true`, signal)),
  });

/** A text search, keyed by its request body: the same query from a link or Back is answered from the cache. */
export const searchQuery = (body: Record<string, unknown> | null) =>
  queryOptions({
    queryKey: ["search", body] as const,
    enabled: body !== null,
    queryFn: ({ signal }) => data(apiRequest<SearchData>("/v1/search", { json: body, signal })),
  });

/** The ledger (one entry type, or every type for ""), newest first, page by page. */
export async function fetchLedgerPage(type: string, cursor: string | null, signal?: AbortSignal): Promise<LedgerPage> {
  const params = new URLSearchParams({ limit: String(LEDGER_PAGE_SIZE) });
  if (type) params.set("type", type);
  if (cursor) params.set("cursor", cursor);
  const response = await apiGet<LedgerRow[]>(`/v1/transactions?${params}`, signal);
  return { rows: response.data, nextCursor: (response.next_cursor as string | null | undefined) ?? null };
}

export const ledgerQuery = (type = "") =>
  infiniteQueryOptions({
    queryKey: ["ledger", type] as const,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => fetchLedgerPage(type, pageParam, signal),
    getNextPageParam: (last: LedgerPage) => last.nextCursor,
  });

export const statusQuery = () =>
  queryOptions({ queryKey: ["status"] as const, queryFn: ({ signal }) => data(apiGet<Status>("/v1/status", signal)), refetchInterval: 30_000 });

export const apiKeysQuery = () =>
  queryOptions({ queryKey: ["api-keys"] as const, queryFn: ({ signal }) => data(apiGet<ApiKeySummary[]>("/api/console/keys", signal)) });

export const invitationsQuery = () =>
  queryOptions({ queryKey: ["invitations"] as const, queryFn: ({ signal }) => data(apiGet<OpenInvitation[]>("/api/console/invitations", signal)) });

export const membersQuery = () =>
  queryOptions({ queryKey: ["members"] as const, queryFn: ({ signal }) => data(apiGet<TeamMember[]>("/api/console/members", signal)) });

// What each mutation changes, so the pages that show it read it again.

const refresh = (client: QueryClient, ...keys: ReadonlyArray<readonly unknown[]>) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey }))).then(() => undefined);

export const invalidateAfter = {
  /** A new batch: charged, listed, and maybe a new collection. */
  upload: (client: QueryClient) => refresh(client, balanceQuery().queryKey, ["batches"], ["collections"], ["usage"], ["ledger"]),
  /** A batch reached a final status: refunds, item counts, the month's figures. */
  batchFinished: (client: QueryClient) => refresh(client, balanceQuery().queryKey, ["batches", "list"], ["collections"], ["usage"], ["ledger"]),
  /** Cancelling refunds the queued items. */
  batchCancelled: (client: QueryClient, batchId: string) =>
    refresh(client, batchQuery(batchId).queryKey, batchResultsQuery(batchId).queryKey, balanceQuery().queryKey, ["batches", "list"], ["ledger"]),
  mediaDeleted: (client: QueryClient, mediaId: string) => {
    client.removeQueries({ queryKey: mediaQuery(mediaId).queryKey });
    return refresh(client, ["collections"], ["search"]);
  },
  collectionDeleted: (client: QueryClient, name: string) => {
    client.removeQueries({ queryKey: collectionMediaQuery(name).queryKey });
    return refresh(client, collectionsQuery().queryKey, ["media"], ["search"]);
  },
  /** Back from Stripe Checkout the billing page polls the balance; when it moves, the ledger has the top-up. */
  balanceMoved: (client: QueryClient) => refresh(client, ["ledger"], ["usage"]),
  keysChanged: (client: QueryClient) => refresh(client, apiKeysQuery().queryKey),
  invitationsChanged: (client: QueryClient) => refresh(client, invitationsQuery().queryKey),
  membersChanged: (client: QueryClient) => refresh(client, membersQuery().queryKey),
};
