"use client";

import type { QueryClient } from "@tanstack/react-query";
import { apiKeysQuery, balanceQuery, batchListQuery, collectionsQuery, invitationsQuery, ledgerQuery, membersQuery, recentBatchesQuery, statusQuery, usageQuery } from "@/lib/console/queries";
import type { NAV_ITEMS } from "./nav-items";

type Href = (typeof NAV_ITEMS)[number]["href"];

/**
 * The data each sidebar page reads first, with the page's own factories (lib/console/queries.ts).
 * Only owners see invitations, so only they prefetch them (an admin would get a 403).
 */
const ROUTE_DATA: Record<Href, (client: QueryClient, isOwner: boolean) => Promise<void>[]> = {
  "/": (c) => [c.prefetchQuery(balanceQuery()), c.prefetchQuery(recentBatchesQuery()), c.prefetchQuery(usageQuery())],
  "/upload": (c) => [c.prefetchQuery(balanceQuery()), c.prefetchQuery(collectionsQuery())],
  "/batches": (c) => [c.prefetchQuery(batchListQuery()), c.prefetchQuery(collectionsQuery())],
  "/collections": (c) => [c.prefetchQuery(collectionsQuery())],
  "/search": (c) => [c.prefetchQuery(collectionsQuery())],
  "/keys": (c) => [c.prefetchQuery(apiKeysQuery())],
  "/billing": (c) => [c.prefetchQuery(balanceQuery()), c.prefetchInfiniteQuery(ledgerQuery())],
  "/team": (c, isOwner) => [c.prefetchQuery(membersQuery()), ...(isOwner ? [c.prefetchQuery(invitationsQuery())] : [])],
  "/status": (c) => [c.prefetchQuery(statusQuery())],
};

/**
 * Fetches a sidebar page's data when its link is hovered or focused: by the click, the cache
 * holds what the page draws. What is still fresh (the client's staleTime) is not fetched
 * again, so passing over the links is cheap; prefetchQuery never throws, a failure is left
 * for the page to show when it opens.
 */
export function prefetchRoute(client: QueryClient, href: Href, { isOwner }: { isOwner: boolean }): void {
  void Promise.all(ROUTE_DATA[href](client, isOwner));
}
