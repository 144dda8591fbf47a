"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { apiRequest } from "@/lib/console/api";
import { invalidateAfter } from "@/lib/console/queries";
import { collectionApiPath } from "./collection-paths";

/** Deleting a collection takes every item with it, so the name must be typed, not just clicked. */
export function DeleteCollectionDialog({ name, itemCount, open, onClose }: { name: string; itemCount: number; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const remove = useMutation({
    mutationFn: () => apiRequest<{ media_deleted: number }>(collectionApiPath(name), { method: "DELETE" }),
    onSuccess: async () => {
      await invalidateAfter.collectionDeleted(queryClient, name);
      router.push("/collections");
    },
  });
  const close = () => {
    setTyped("");
    setMismatch(false);
    remove.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={open}
      title="Delete this collection?"
      confirmLabel="Delete collection"
      busy={remove.isPending}
      error={remove.error?.message ?? null}
      onCancel={close}
      onConfirm={() => {
        if (typed !== name) setMismatch(true);
        else remove.mutate();
      }}
    >
      <p>
        <strong className="break-all">{name}</strong> and its {itemCount === 1 ? "1 item" : `${itemCount} items`}, their extracted text, vectors and previews are deleted for good. Charges already
        made are not refunded.
      </p>
      <div className="mt-4">
        <Field
          label="Type the collection's name to confirm"
          value={typed}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setTyped(e.target.value);
            setMismatch(false);
          }}
          error={mismatch ? "The name does not match." : null}
        />
      </div>
    </ConfirmDialog>
  );
}
