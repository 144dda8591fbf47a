"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Alert, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td } from "@/components/ui/table";
import { formatDateTime } from "@/lib/console/format";
import { invalidateAfter, membersQuery } from "@/lib/console/queries";
import { useListWithDelete } from "@/lib/console/use-list-with-delete";
import { InvitationsList } from "./invitations-list";
import { InviteForm } from "./invite-form";

export function TeamView({ currentUserId, isOwner, accountName }: { currentUserId: string; isOwner: boolean; accountName: string }) {
  const { list: members, target: removing, ask: setRemoving, dialog } = useListWithDelete(membersQuery(), "/api/console/members", invalidateAfter.membersChanged);

  return (
    <>
      <PageHeader title="Team" description={`The people who can sign in to ${accountName}.`} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)] lg:items-start">
        <div className="min-w-0 space-y-6">
          {!isOwner ? <Alert tone="info">Only the account&apos;s owner can invite or remove admins.</Alert> : null}
          <section aria-labelledby="members-title" className="space-y-3">
            <h2 id="members-title" className="text-sm font-semibold text-slate-900">
              Members
            </h2>
            {members.isPending ? (
              <LoadingRows label="Loading members" />
            ) : members.isError ? (
              <ErrorState error={members.error} retry={() => members.refetch()} />
            ) : members.data.length === 0 ? (
              <EmptyState title="No members" />
            ) : (
              <Table
                caption="Members of the account"
                columns={["Member", "Role", "Joined", isOwner && { label: "Actions", srOnly: true }]}
              >
                {members.data.map((member) => (
                  <tr key={member.id}>
                    <td className={`${td} min-w-48`}>
                      <span className="font-medium text-slate-900">{member.name || "—"}</span>
                      {member.id === currentUserId ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
                      <span className="block break-all text-slate-600">{member.email}</span>
                    </td>
                    <td className={td}>
                      <Badge tone={member.role === "owner" ? "violet" : "gray"}>{member.role}</Badge>
                    </td>
                    <td className={`${td} whitespace-nowrap`}>{formatDateTime(member.joined_at)}</td>
                    {isOwner ? (
                      <td className={`${td} text-right`}>
                        {member.role === "admin" ? (
                          <Button variant="secondary" size="sm" onClick={() => setRemoving(member)} aria-label={`Remove ${member.email}`}>
                            Remove
                          </Button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </Table>
            )}
          </section>
          {isOwner ? <InvitationsList /> : null}
        </div>
        {isOwner ? <InviteForm /> : null}
      </div>
      {/* Mounted only while open: ConfirmDialog's heading id is fixed, and the invitations list has one too. */}
      {removing ? (
        <ConfirmDialog
          open
          title="Remove this admin?"
          confirmLabel="Remove admin"
          {...dialog}
        >
          <p>
            {removing.name || removing.email} loses access at once, including any open session. API keys they created keep working: revoke them on the API keys page if needed.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
