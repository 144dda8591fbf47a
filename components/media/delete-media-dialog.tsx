"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { apiRequest } from "@/lib/console/api";
import { invalidateAfter } from "@/lib/console/queries";

/** Confirms and deletes one media item; the caller decides where to go afterwards. */
export function DeleteMediaDialog({ media, onClose, onDeleted }: { media: { media_id: string; filename: string } | null; onClose: () => void; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => apiRequest(`/v1/media/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: async (_, id) => {
      await invalidateAfter.mediaDeleted(queryClient, id);
      remove.reset();
      onDeleted();
    },
  });
  return (
    <ConfirmDialog
      open={media !== null}
      title="Delete this media item?"
      confirmLabel="Delete"
      busy={remove.isPending}
      error={remove.error?.message ?? null}
      onCancel={() => {
        remove.reset();
        onClose();
      }}
      onConfirm={() => media && remove.mutate(media.media_id)}
    >
      <p>
        <strong className="break-all">{media?.filename}</strong>, its extracted text, vectors and previews are deleted for good; searches stop finding it at once.
      </p>
    </ConfirmDialog>
  );
}
