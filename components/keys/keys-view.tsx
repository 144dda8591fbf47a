"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td } from "@/components/ui/table";
import type { CreatedApiKey } from "@/lib/api-keys/schemas";
import { formatDateTime, timeAgo } from "@/lib/console/format";
import { apiKeysQuery, invalidateAfter } from "@/lib/console/queries";
import { useListWithDelete } from "@/lib/console/use-list-with-delete";
import { CreateKeyForm } from "./create-key-form";
import { NewKeySecret } from "./new-key-secret";

export function KeysView() {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const { list: keys, target: revoking, ask: setRevoking, dialog } = useListWithDelete(apiKeysQuery(), "/api/console/keys", invalidateAfter.keysChanged);

  return (
    <>
      <PageHeader title="API keys" description="Keys let programs call the /v1 API for this account. Give each one only the capabilities it needs." />
      <div className="space-y-6">
        {created ? <NewKeySecret apiKey={created} onDone={() => setCreated(null)} /> : null}
        <div className="space-y-6">
          <CreateKeyForm onCreated={setCreated} />
          <section aria-labelledby="keys-title" className="min-w-0 space-y-3">
            <h2 id="keys-title" className="text-sm font-semibold text-slate-900">
              Your keys
            </h2>
            {keys.isPending ? (
              <LoadingRows label="Loading API keys" />
            ) : keys.isError ? (
              <ErrorState error={keys.error} retry={() => keys.refetch()} />
            ) : keys.data.length === 0 ? (
              <EmptyState title="No API keys yet">Create one to call the API from your own programs.</EmptyState>
            ) : (
              <Table
                caption="API keys, newest first"
                columns={["Name", "Key", "Capabilities", "Created", "Last used", { label: "State and actions", srOnly: true }]}
              >
                {keys.data.map((key) => {
                  const revoked = Boolean(key.revoked_at);
                  return (
                    <tr key={key.id} data-testid={`key-row-${key.id}`} className={revoked ? "bg-slate-50 text-slate-500" : "text-slate-800"}>
                      <td className={`${td} font-medium ${revoked ? "line-through decoration-slate-400" : "text-slate-900"}`}>{key.name}</td>
                      <td className={`${td} whitespace-nowrap font-mono text-xs`}>{key.prefix}…</td>
                      <td className={td}>
                        <div className="flex flex-wrap gap-1">
                          {key.capabilities.map((capability) => (
                            <Badge key={capability} tone={revoked ? "gray" : capability === "delete" ? "amber" : "blue"}>
                              {capability}
                            </Badge>
                          ))}
                        </div>
                      </td>
                      <td className={`${td} whitespace-nowrap`}>{formatDateTime(key.created_at)}</td>
                      <td className={`${td} whitespace-nowrap`} title={key.last_used_at ? formatDateTime(key.last_used_at) : undefined}>
                        {timeAgo(key.last_used_at)}
                      </td>
                      <td className={`${td} whitespace-nowrap text-right`}>
                        {revoked ? (
                          <Badge tone="red">revoked {timeAgo(key.revoked_at)}</Badge>
                        ) : (
                          <Button variant="secondary" size="sm" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                            Revoke
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </Table>
            )}
          </section>
        </div>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        {...dialog}
      >
        <p>
          Programs using <strong>{revoking?.name}</strong> ({revoking?.prefix}…) will get 401 Unauthorized from their next request. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
