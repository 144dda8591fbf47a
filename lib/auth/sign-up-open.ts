import { getDb } from "@/db/client";
import { countAccounts } from "@/db/queries/users";
import { env } from "@/lib/env";

export async function isSignUpOpen(): Promise<boolean> {
  return env.ALLOW_SIGNUP === "true" || (await countAccounts(getDb())) === 0;
}
