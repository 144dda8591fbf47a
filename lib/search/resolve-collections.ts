import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { collections } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** Names to the account's collection rows; a name the account does not own is a 404, like any foreign resource. */
export async function resolveCollections({ accountId, names }: { accountId: string; names: "all" | string | string[] }) {
  const wanted = names === "all" ? null : Array.isArray(names) ? [...new Set(names)] : [names];
  const rows = await getDb()
    .select()
    .from(collections)
    .where(and(eq(collections.accountId, accountId), wanted ? inArray(collections.name, wanted) : undefined));
  if (wanted) {
    const missing = wanted.filter((name) => !rows.some((r) => r.name === name));
    if (missing.length) throw new AppError("not_found", `Collection not found: ${missing.join(", ")}.`, { collections: missing });
  }
  return rows;
}
