import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/console/auth-forms";
import { oauthProviders } from "@/lib/auth/auth";
import { getConsoleUser } from "@/lib/auth/console-user";
import { isSignUpOpen } from "@/lib/auth/sign-up-open";

export const metadata: Metadata = { title: "Sign in · Tessera" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; expired?: string }> }) {
  const { callbackUrl, expired } = await searchParams;
  // The user row, not just the cookie: a removed admin's cookie would bounce between here and the console.
  if (!expired && (await getConsoleUser())) redirect("/");
  return <SignInForm callbackUrl={callbackUrl} expired={expired === "1"} providers={oauthProviders()} signUpOpen={await isSignUpOpen()} />;
}
