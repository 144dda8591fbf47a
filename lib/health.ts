import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { chromaHeartbeat } from "@/lib/vectors/chroma";

export async function checkHealth() {
  const [database, vectors] = await Promise.all([
    getDb()
      .execute(sql`select 1`)
      .then(() => true, () => false),
    chromaHeartbeat(),
  ]);
  return {
    status: database && vectors ? ("ok" as const) : ("degraded" as const),
    components: { database: database ? ("ok" as const) : ("down" as const), vectors: vectors ? ("ok" as const) : ("down" as const) },
  };
}
