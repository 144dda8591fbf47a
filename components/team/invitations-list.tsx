"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td } from "@/components/ui/table";
import { formatDateTime } from "@/lib/console/format";
import { invalidateAfter, invitationsQuery } from "@/lib/console/queries";
import { useListWithDelete } from "@/lib/console/use-list-with-delete";

export function InvitationsList() {
  const { list: invitations, target: revoking, ask: setRevoking, dialog } = useListWithDelete(invitationsQuery(), "/api/console/invitations", invalidateAfter.invitationsChanged);

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
          columns={["Email", "Created", "Expires", { label: "Actions", srOnly: true }]}
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
          {...dialog}
        >
          <p>The link sent to {revoking.email} will stop working. You can invite them again later.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
