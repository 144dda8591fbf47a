import { describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { migrateDatabase } from "@/db/migrate";
// @ts-expect-error -- plain ESM helper shared with `npm start`, without type declarations
import { findFreePort, startEmbeddedPostgres } from "../../scripts/services.mjs";

const TABLES = ["accounts", "api_keys", "batch_items", "batches", "chunk_terms", "chunks", "collection_term_stats", "collection_text_stats", "collections", "idempotency_records", "invitations", "job_outbox", "ledger_entries", "media", "rate_limit_windows", "stripe_checkout_sessions", "users", "webhook_deliveries", "worker_heartbeats"];

async function tablesAndVersion(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    const [version] = await sql<{ server_version_num: string }[]>`show server_version_num`;
    const jobs = await sql`select count(*)::int as n from information_schema.tables where table_schema = 'graphile_worker'`;
    return { tables: tables.map((t) => t.table_name), major: Math.floor(Number(version!.server_version_num) / 10000), queueTables: jobs[0]!.n as number };
  } finally {
    await sql.end();
  }
}

describe("migrations", () => {
  it("apply, twice, on the test database (the machine's PostgreSQL or the embedded one)", async () => {
    await migrateDatabase(process.env.DATABASE_URL!);
    const { tables, queueTables } = await tablesAndVersion(process.env.DATABASE_URL!);
    expect(tables).toEqual(TABLES);
    expect(queueTables).toBeGreaterThan(0);
  });

  it("apply, twice, on the embedded PostgreSQL 18 that `npm start` uses", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tessera-pg18-"));
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await findFreePort() });
    try {
      await migrateDatabase(pg.url);
      await migrateDatabase(pg.url);
      const { tables, major, queueTables } = await tablesAndVersion(pg.url);
      expect(major).toBe(18);
      expect(tables).toEqual(TABLES);
      expect(queueTables).toBeGreaterThan(0);
    } finally {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
