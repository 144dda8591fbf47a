import type { DbOrTx } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import type { ApiKeyContext } from "@/lib/api-keys/authenticate-api-key";
import { CAPABILITIES } from "@/lib/api-keys/generate-api-key";
import { SESSION_RATE_LIMIT_PER_HOUR } from "@/lib/constants";
import { AppError } from "@/lib/errors";

/**
 * The console's requests carry this header next to the session cookie. A cross-site page can
 * make a browser send the cookie but not a custom header (that needs a CORS preflight we never
 * grant), so requiring it is the CSRF defence for every cookie-authenticated route.
 */
export const CONSOLE_HEADER = "x-tessera-console";

export interface SessionContext extends ApiKeyContext {
  userId: string;
  role: "owner" | "admin";
}

export function wantsSession(headers: Headers): boolean {
  return headers.get(CONSOLE_HEADER) === "1";
}

/** The signed-in console user, re-read from the database so a removed admin loses access at once. */
export async function authenticateSession(db: DbOrTx, headers: Headers): Promise<SessionContext> {
  if (!wantsSession(headers)) throw new AppError("unauthorized", `Console requests must send the ${CONSOLE_HEADER} header.`);
  // Imported lazily: API-key requests (and the tests that call handlers directly) never load next-auth.
  const { auth } = await import("@/lib/auth/auth");
  const session = await auth();
  if (!session?.user?.id) throw new AppError("unauthorized", "Your session has ended: sign in again.");
  const user = await getUserById(db, { id: session.user.id });
  if (!user || user.accountId !== session.user.accountId) throw new AppError("unauthorized", "Your session has ended: sign in again.");
  return {
    accountId: user.accountId,
    keyId: `session:${user.id}`,
    capabilities: [...CAPABILITIES],
    rateLimitPerHour: SESSION_RATE_LIMIT_PER_HOUR,
    userId: user.id,
    role: user.role,
  };
}
