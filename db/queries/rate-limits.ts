import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";

/**
 * Counts one request in the key's current window, atomically: concurrent requests on any
 * app instance each get a distinct count. Returns the count including this request and the
 * window's end in unix seconds.
 */
export async function hitRateLimitWindow(db: DbOrTx, { keyId, windowSeconds }: { keyId: string; windowSeconds: number }) {
  const rows = await db.execute<{ count: number; reset: string }>(sql`
    insert into rate_limit_windows (key_id, window_start, count)
    values (${keyId}, to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    on conflict (key_id, window_start) do update set count = rate_limit_windows.count + 1
    returning count, (extract(epoch from window_start)::bigint + ${windowSeconds})::text as reset`);
  const row = rows[0]!;
  return { count: Number(row.count), reset: Number(row.reset) };
}

/** Drops windows that ended before `olderThanSeconds` ago: nothing reads them again. */
export async function deleteOldRateLimitWindows(db: DbOrTx, { olderThanSeconds }: { olderThanSeconds: number }) {
  await db.execute(sql`delete from rate_limit_windows where window_start < now() - make_interval(secs => ${olderThanSeconds})`);
}

export async function setApiKeyRateLimit(db: DbOrTx, { accountId, keyId, perHour }: { accountId: string; keyId: string; perHour: number | null }) {
  const rows = await db.execute(sql`update api_keys set rate_limit_per_hour = ${perHour} where id = ${keyId} and account_id = ${accountId} returning id`);
  return rows.length > 0;
}
