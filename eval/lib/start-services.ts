import path from "node:path";

type Sql = { unsafe: (query: string) => Promise<unknown> };

/**
 * A private PostgreSQL (a fresh database on the machine's server when one listens on 5432,
 * else an embedded cluster under `dir`) and a Chroma server under `dir`, for the evals.
 * An embedded cluster and Chroma keep their data in `dir`, and `keptDatabase` names a database
 * on the machine's server that is created once and not dropped, so a kept `dir` is reused.
 */
export async function startEvalServices(dir: string, { keptDatabase }: { keptDatabase?: string } = {}) {
  // @ts-expect-error -- plain ESM helper shared with `npm start`, without type declarations
  const svc = await import("../../scripts/services.mjs");
  const machine = await svc.isPortOpen(5432, "127.0.0.1");
  let url: string;
  const stops: Array<() => Promise<void>> = [];
  if (machine) {
    const name = keptDatabase ?? `tessera_eval_${Date.now()}`;
    const admin = "postgres://postgres@127.0.0.1:5432/postgres";
    const exists = async () =>
      ((await svc.withSql(admin, (sql: Sql) => sql.unsafe(`select 1 from pg_database where datname = '${name}'`))) as unknown[]).length > 0;
    if (!keptDatabase || !(await exists())) await svc.withSql(admin, (sql: Sql) => sql.unsafe(`create database "${name}"`));
    // A kept database (BEIR_WORK_DIR) stays for the next run, like the embedded cluster would.
    if (!keptDatabase) stops.push(() => svc.withSql(admin, (sql: Sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)));
    url = `postgres://postgres@127.0.0.1:5432/${name}`;
  } else {
    const pg = await svc.startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await svc.findFreePort() });
    stops.push(() => pg.stop());
    url = pg.url;
  }
  const chroma = await svc.startChroma({ dataDir: path.join(dir, "chroma"), port: await svc.findFreePort() });
  stops.unshift(() => chroma.stop());
  return {
    databaseUrl: url,
    chromaUrl: chroma.url as string,
    stop: async () => {
      for (const s of stops) await s().catch(() => {});
    },
  };
}
