"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/states";
import { apiRequest } from "@/lib/console/api";
import { navigateAfterAuthChange } from "@/lib/console/navigate";
import { AcceptInvitationBody, SignInBody, SignUpBody } from "@/lib/auth/schemas";

type Errors = Record<string, string>;

function fieldErrors(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) out[String(issue.path[0])] ??= issue.message;
  return out;
}

/** Only same-site paths: a callbackUrl must not send someone to another site after sign-in. */
function safeCallback(callbackUrl: string | undefined): string {
  return callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
}

async function signInWithPassword(email: string, password: string): Promise<boolean> {
  const result = await signIn("credentials", { email, password, redirect: false });
  return !result?.error;
}

/**
 * The three forms share one submit path: validate with the server's own schema, show field
 * errors, then run the request; a thrown message is shown above the form.
 */
function useValidatedSubmit<S extends z.ZodType>(schema: S, read: (form: FormData) => unknown, run: (data: z.infer<S>) => Promise<void>) {
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = schema.safeParse(read(new FormData(event.currentTarget)));
    setFailure(null);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      await run(parsed.data);
    } catch (error) {
      setBusy(false);
      setFailure((error as Error).message);
    }
  }
  return { errors, failure, busy, submit };
}

export function SignInForm({ callbackUrl, expired, providers, signUpOpen }: { callbackUrl?: string; expired: boolean; providers: { id: string; name: string }[]; signUpOpen: boolean }) {
  const { errors, failure, busy, submit } = useValidatedSubmit(
    SignInBody,
    (form) => ({ email: form.get("email"), password: form.get("password") }),
    async ({ email, password }) => {
      if (!(await signInWithPassword(email, password))) throw new Error("Wrong email or password.");
      navigateAfterAuthChange(safeCallback(callbackUrl));
    },
  );

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      {expired ? <Alert tone="info">Your session ended. Sign in again to continue.</Alert> : null}
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password ? "Enter your password." : null} />
      <Button type="submit" busy={busy} className="w-full">
        Sign in
      </Button>
      {providers.map((provider) => (
        <Button key={provider.id} variant="secondary" className="w-full" onClick={() => signIn(provider.id, { redirectTo: safeCallback(callbackUrl) })}>
          Continue with {provider.name}
        </Button>
      ))}
      {signUpOpen ? (
        <p className="text-center text-sm text-slate-600">
          New to Tessera?{" "}
          <Link href="/sign-up" className="font-medium text-indigo-700 underline">
            Create an account
          </Link>
        </p>
      ) : null}
    </form>
  );
}

export function SignUpForm() {
  const { errors, failure, busy, submit } = useValidatedSubmit(
    SignUpBody,
    (form) => Object.fromEntries(form),
    async (data) => {
      await apiRequest("/api/console/sign-up", { json: data });
      if (!(await signInWithPassword(data.email, data.password))) throw new Error("The account was created but signing in failed: sign in by hand.");
      navigateAfterAuthChange("/");
    },
  );

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
      <p className="text-sm text-slate-600">You will be its owner and can invite admins later.</p>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <Field label="Your name" name="name" autoComplete="name" required error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required error={errors.password} hint="At least 10 characters." />
      <Field label="Account name" name="accountName" autoComplete="organization" required error={errors.accountName} hint="Your team or company." />
      <Button type="submit" busy={busy} className="w-full">
        Create account
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have one?{" "}
        <Link href="/sign-in" className="font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

export function AcceptInvitationForm({ token, email, accountName }: { token: string; email: string; accountName: string }) {
  const { errors, failure, busy, submit } = useValidatedSubmit(
    AcceptInvitationBody,
    (form) => ({ token, name: form.get("name"), password: form.get("password") }),
    async (data) => {
      await apiRequest("/api/console/invitations/accept", { json: data });
      if (!(await signInWithPassword(email, data.password))) throw new Error("You joined, but signing in failed: sign in by hand.");
      navigateAfterAuthChange("/");
    },
  );

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Join {accountName}</h1>
      <p className="text-sm text-slate-600">
        You were invited as <strong>{email}</strong>. Choose your name and a password.
      </p>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <Field label="Your name" name="name" autoComplete="name" required error={errors.name} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required error={errors.password} hint="At least 10 characters." />
      <Button type="submit" busy={busy} className="w-full">
        Join the account
      </Button>
    </form>
  );
}
