"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td, th } from "@/components/ui/table";
import type { ApiKeySummary, CreatedApiKey } from "@/lib/api-keys/schemas";
import { apiGet, apiRequest } from "@/lib/console/api";
import { formatDateTime, timeAgo } from "@/lib/console/format";
import { CreateKeyForm } from "./create-key-form";
import { NewKeySecret } from "./new-key-secret";

export function KeysView() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: ({ signal }) => apiGet<ApiKeySummary[]>("/api/console/keys", signal).then((r) => r.data) });
  const revoke = useMutation({
    mutationFn: (id: string) => apiRequest(`/api/console/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });

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
                head={
                  <tr>
                    <th className={th}>Name</th>
                    <th className={th}>Key</th>
                    <th className={th}>Capabilities</th>
                    <th className={th}>Created</th>
                    <th className={th}>Last used</th>
                    <th className={`${th} relative`}>
                      <span className="sr-only">State and actions</span>
                    </th>
                  </tr>
                }
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
        busy={revoke.isPending}
        error={revoke.error?.message}
        onCancel={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        <p>
          Programs using <strong>{revoking?.name}</strong> ({revoking?.prefix}…) will get 401 Unauthorized from their next request. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
