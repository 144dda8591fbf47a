"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/states";
import { InviteBody } from "@/lib/auth/schemas";
import { ApiError, apiRequest } from "@/lib/console/api";
import { formatDateTime } from "@/lib/console/format";
import { invalidateAfter } from "@/lib/console/queries";
import type { CreatedInvitation } from "@/lib/team/schemas";

export function InviteForm() {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ url: string; email: string; expiresAt: string } | null>(null);
  const invite = useMutation({
    mutationFn: (body: InviteBody) => apiRequest<CreatedInvitation>("/api/console/invitations", { json: body }),
    onSuccess: ({ data }) => {
      setLink({ url: `${window.location.origin}${data.path}`, email: data.email, expiresAt: data.expires_at });
      void invalidateAfter.invitationsChanged(queryClient);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const parsed = InviteBody.safeParse({ email: new FormData(formElement).get("email") });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Enter a valid email address.");
    setError(null);
    setLink(null);
    invite.mutate(parsed.data, { onSuccess: () => formElement.reset() });
  }

  // A validation_error about the email belongs under the field, anything else above the form.
  const serverFieldError = invite.error instanceof ApiError && invite.error.details.field === "email" ? invite.error.message : null;

  return (
    <Card title="Invite an admin">
      <form onSubmit={submit} noValidate className="space-y-4">
        <p className="text-sm text-slate-600">
          Admins can do everything in the console except invite or remove people. Tessera does not send email: you get a link to pass on yourself.
        </p>
        {invite.error && !serverFieldError ? <Alert tone="error">{invite.error.message}</Alert> : null}
        <Field label="Email" name="email" type="email" autoComplete="off" error={error ?? serverFieldError} />
        <Button type="submit" busy={invite.isPending}>
          Create invitation link
        </Button>
      </form>
      {link ? (
        <section aria-labelledby="invite-link-title" className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3">
          <h3 id="invite-link-title" className="text-sm font-semibold text-emerald-950">
            Invitation link for {link.email}
          </h3>
          <p className="mt-1 text-sm text-amber-900">No email was sent. Copy this link now and send it to them: it is shown only once, works once, and expires {formatDateTime(link.expiresAt)}.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="invitation-link" className="min-w-0 flex-1 break-all rounded border border-emerald-200 bg-white px-2 py-1.5 font-mono text-xs text-slate-900">
              {link.url}
            </code>
            <CopyButton value={link.url} label="Copy link" />
          </div>
        </section>
      ) : null}
    </Card>
  );
}
