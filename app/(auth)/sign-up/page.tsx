import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "@/components/console/auth-forms";
import { isSignUpOpen } from "@/lib/auth/sign-up-open";

export const metadata: Metadata = { title: "Create an account · Tessera" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (!(await isSignUpOpen())) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">Sign-up is closed</h1>
        <p className="text-sm text-slate-600">This Tessera admits new admins by invitation. Ask an account owner for an invitation link.</p>
        <Link href="/sign-in" className="text-sm font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </div>
    );
  }
  return <SignUpForm />;
}
