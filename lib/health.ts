import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { readSupervisorState, type SupervisedComponent } from "@/lib/supervisor-state";
import { chromaHeartbeat } from "@/lib/vectors/chroma";

export type ComponentState = "ok" | "down";

/**
 * Liveness of what the API needs: PostgreSQL and Chroma, probed now, plus what `npm start`'s
 * supervisor says about the processes it runs (restarts, last exit), when it runs them.
 */
export async function checkHealth() {
  const [database, vectors] = await Promise.all([
    getDb()
      .execute(sql`select 1`)
      .then(() => true, () => false),
    chromaHeartbeat(),
  ]);
  const supervised: Record<string, SupervisedComponent> = await readSupervisorState();
  const state = (up: boolean): ComponentState => (up ? "ok" : "down");
  return {
    status: database && vectors ? ("ok" as const) : ("degraded" as const),
    components: { database: state(database), vectors: state(vectors) },
    supervised,
  };
}
