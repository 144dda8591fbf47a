import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle: every query function accepts one so callers can compose them atomically. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

interface Cached {
  sql: postgres.Sql;
  db: Database;
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const globalCache = globalThis as unknown as { __tesseraDb?: Cached };

function connect(): Cached {
  const sql = postgres(env.DATABASE_URL, { max: 10, onnotice: () => {}, idle_timeout: 30 });
  return { sql, db: drizzle(sql, { schema, logger: env.LOG_QUERIES }) };
}

export function getDb(): Database {
  globalCache.__tesseraDb ??= connect();
  return globalCache.__tesseraDb.db;
}

export function getSql(): postgres.Sql {
  globalCache.__tesseraDb ??= connect();
  return globalCache.__tesseraDb.sql;
}

export async function closeDb(): Promise<void> {
  const cached = globalCache.__tesseraDb;
  globalCache.__tesseraDb = undefined;
  await cached?.sql.end({ timeout: 5 });
}
