"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiGet, apiRequest } from "./api";

/**
 * A list from `path` whose rows are deleted at `path/{id}` after a confirm dialog: keys,
 * invitations, members. `target` is the row the dialog asks about (null while it is closed);
 * `dialog` is what ConfirmDialog needs to run and cancel it.
 */
export function useListWithDelete<T extends { id: string }>(queryKey: string, path: string) {
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<T | null>(null);
  const list = useQuery({ queryKey: [queryKey], queryFn: ({ signal }) => apiGet<T[]>(path, signal).then((r) => r.data) });
  const remove = useMutation({
    mutationFn: (id: string) => apiRequest(`${path}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      setTarget(null);
      void queryClient.invalidateQueries({ queryKey: [queryKey] });
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
