import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { runMigrations as runQueueMigrations } from "graphile-worker";
import { env } from "@/lib/env";

/** Applies Tessera's schema and the job queue's schema. Safe to run any number of times. */
export async function migrateDatabase(databaseUrl: string = env.DATABASE_URL): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: path.join(import.meta.dirname, "migrations") });
  } finally {
    await sql.end();
  }
  await runQueueMigrations({ connectionString: databaseUrl });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  migrateDatabase()
    .then(() => console.log("migrations applied"))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
