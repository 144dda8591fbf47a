"use client";

import { useMutation, useQuery, useQueryClient, type QueryClient, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { useState } from "react";
import { apiRequest } from "./api";

/**
 * A list (a factory of queries.ts) whose rows are deleted at `path/{id}` after a confirm
 * dialog: keys, invitations, members; `invalidate` is that list's entry of `invalidateAfter`.
 * `target` is the row the dialog asks about (null while it is closed); `dialog` is what
 * ConfirmDialog needs to run and cancel it.
 */
export function useListWithDelete<T extends { id: string }, K extends QueryKey>(query: UseQueryOptions<T[], Error, T[], K>, path: string, invalidate: (client: QueryClient) => Promise<void>) {
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<T | null>(null);
  const list = useQuery(query);
  const remove = useMutation({
    mutationFn: (id: string) => apiRequest(`${path}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      setTarget(null);
      void invalidate(queryClient);
    },
  });
  const dialog = {
    busy: remove.isPending,
    error: remove.error?.message,
    onCancel: () => {
      setTarget(null);
      remove.reset();
    },
    onConfirm: () => {
      if (target) remove.mutate(target.id);
    },
  };
  return { list, target, ask: setTarget, dialog };
}
