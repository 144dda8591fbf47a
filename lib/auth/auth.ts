import NextAuth, { type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { authorizeCredentials, type SessionUser } from "./authorize-credentials";
import { resolveOAuthUser } from "./oauth-user";
import { sessionExpired } from "./session-expiry";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; accountId: string; role: "owner" | "admin" };
  }
}

/** OAuth providers appear only when the operator configured them. */
export function oauthProviders(): { id: string; name: string }[] {
  const list: { id: string; name: string }[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) list.push({ id: "github", name: "GitHub" });
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) list.push({ id: "google", name: "Google" });
  return list;
}

function buildConfig(): NextAuthConfig {
  const providers: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => authorizeCredentials(getDb(), credentials),
    }),
  ];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));

  return {
    trustHost: true,
    secret: env.AUTH_SECRET,
    // Credentials sign-in needs JWT sessions; the user row is still checked on every request (lib/api/session-caller.ts).
    session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async jwt({ token, user, account }) {
        if (user && account) {
          const resolved: SessionUser | null =
            account.provider === "credentials" ? (user as SessionUser) : user.email ? await resolveOAuthUser(getDb(), { email: user.email, name: user.name ?? null }) : null;
          if (!resolved) return null;
          return { ...token, uid: resolved.id, accountId: resolved.accountId, role: resolved.role, signedInAt: Math.floor(Date.now() / 1000) };
        }
        // Absolute expiry: activity does not keep a session alive past SESSION_MAX_AGE_SECONDS.
        if (sessionExpired(token.signedInAt, env.SESSION_MAX_AGE_SECONDS)) return null;
        return token;
      },
      session({ session, token }) {
        session.user.id = String(token.uid);
        session.user.accountId = String(token.accountId);
        session.user.role = token.role === "owner" ? "owner" : "admin";
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
