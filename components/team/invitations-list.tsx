"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td, th } from "@/components/ui/table";
import { apiGet, apiRequest } from "@/lib/console/api";
import { formatDateTime } from "@/lib/console/format";
import type { OpenInvitation } from "@/lib/team/schemas";

export function InvitationsList() {
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<OpenInvitation | null>(null);
  const invitations = useQuery({ queryKey: ["invitations"], queryFn: ({ signal }) => apiGet<OpenInvitation[]>("/api/console/invitations", signal).then((r) => r.data) });
  const revoke = useMutation({
    mutationFn: (id: string) => apiRequest(`/api/console/invitations/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: ["invitations"] });
    },
  });

  return (
    <section aria-labelledby="invitations-title" className="space-y-3">
      <h2 id="invitations-title" className="text-sm font-semibold text-slate-900">
        Open invitations
      </h2>
      {invitations.isPending ? (
        <LoadingRows rows={2} label="Loading invitations" />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} retry={() => invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-600">No open invitations. Used, revoked and expired ones are not listed.</p>
      ) : (
        <Table
          caption="Open invitations"
          head={
            <tr>
              <th className={th}>Email</th>
              <th className={th}>Created</th>
              <th className={th}>Expires</th>
              <th className={`${th} relative`}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          }
        >
          {invitations.data.map((invitation) => (
            <tr key={invitation.id}>
              <td className={`${td} min-w-48 break-all font-medium text-slate-900`}>{invitation.email}</td>
              <td className={`${td} whitespace-nowrap`}>{formatDateTime(invitation.created_at)}</td>
              <td className={`${td} whitespace-nowrap`}>{formatDateTime(invitation.expires_at)}</td>
              <td className={`${td} text-right`}>
                <Button variant="secondary" size="sm" onClick={() => setRevoking(invitation)} aria-label={`Revoke the invitation for ${invitation.email}`}>
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {revoking ? (
        <ConfirmDialog
          open
          title="Revoke this invitation?"
          confirmLabel="Revoke invitation"
          busy={revoke.isPending}
          error={revoke.error?.message}
          onCancel={() => {
            setRevoking(null);
            revoke.reset();
          }}
          onConfirm={() => revoke.mutate(revoking.id)}
        >
          <p>The link sent to {revoking.email} will stop working. You can invite them again later.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
