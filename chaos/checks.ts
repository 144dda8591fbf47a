import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { countAllVectors } from "@/lib/vectors/chroma";

export interface Findings {
  items: number;
  lost: number;
  centsOff: number;
  stuck: number;
  /** Items whose last attempt ran past the timeout and its grace: the bound did not hold. */
  freezes: number;
  /** Items the bound ended (`timeout`): failed and refunded, as it promises. */
  timeouts: number;
  vectorsOff: number;
}

const rows = async <T>(query: ReturnType<typeof sql>) => [...(await getDb().execute(query))] as T[];

/**
 * Waits until no item of these accounts is queued or processing. Gives up once the open count
 * has not gone down for `idleMs` (whatever is left then is stuck), so a thousand slow items get
 * all the time they take while a stuck one ends the wait.
 */
export async function settle(accountIds: string[], idleMs: number): Promise<void> {
  if (accountIds.length === 0) return;
  let lowest = Infinity;
  let movedAt = Date.now();
  while (Date.now() - movedAt < idleMs) {
    const [open] = await rows<{ n: number }>(sql`select count(*)::int as n from batch_items where account_id in ${sql.raw(list(accountIds))} and status in ('queued', 'processing')`).catch(() => [{ n: Infinity }]);
    if (open!.n === 0) return;
    if (open!.n < lowest) {
      lowest = open!.n;
      movedAt = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Past the item timeout, the time a run may take to notice its abort and wind down. */
const FREEZE_GRACE_SECONDS = 30;

const list = (ids: string[]) => `(${ids.map((id) => `'${id.replaceAll("'", "''")}'`).join(", ")})`;

/**
 * The invariants, per account: every item ended exactly once (none left queued/processing),
 * nothing that succeeded points at missing media, one charge per batch equal to its items'
 * charges, a refund exactly for each failed or cancelled charged item, the balance equal to the
 * ledger's sum, and Chroma holding exactly the vectors_written of live media.
 */
export async function checkAccounts(accountIds: string[], { itemTimeoutSeconds }: { itemTimeoutSeconds: number }): Promise<Findings> {
  if (accountIds.length === 0) return { items: 0, lost: 0, centsOff: 0, stuck: 0, freezes: 0, timeouts: 0, vectorsOff: 0 };
  const ids = sql.raw(list(accountIds));
  const [items] = await rows<{ n: number; stuck: number; freezes: number; timeouts: number; lost: number }>(sql`
    select count(*)::int as n,
      count(*) filter (where i.status in ('queued', 'processing'))::int as stuck,
      count(*) filter (where i.processing_ms > ${(itemTimeoutSeconds + FREEZE_GRACE_SECONDS) * 1000})::int as freezes,
      count(*) filter (where i.error_code = 'timeout')::int as timeouts,
      count(*) filter (where i.status in ('succeeded', 'skipped_duplicate') and not exists (select 1 from media m where m.id = i.media_id))::int as lost
    from batch_items i where i.account_id in ${ids}`);
  // Micros off: per batch |charge - sum of items' charges|, per item |refund - what it is owed|, per account |balance - ledger sum|.
  const [money] = await rows<{ off: string }>(sql`
    with charges as (
      select b.id, coalesce((select -sum(l.amount_micros) from ledger_entries l where l.batch_id = b.id and l.type = 'charge'), 0) as charged,
        (select coalesce(sum(i.charged_micros), 0) from batch_items i where i.batch_id = b.id) as owed
      from batches b where b.account_id in ${ids}),
    refunds as (
      select i.id, coalesce((select sum(l.amount_micros) from ledger_entries l where l.item_id = i.id and l.type = 'refund'), 0) as refunded,
        case when i.status in ('failed', 'cancelled') then i.charged_micros else 0 end as owed
      from batch_items i where i.account_id in ${ids}),
    balances as (
      select a.id, (select sum(l.amount_micros) from ledger_entries l where l.account_id = a.id) as total,
        (select l.balance_after_micros from ledger_entries l where l.account_id = a.id order by l.id desc limit 1) as last
      from accounts a where a.id in ${ids})
    select ((select coalesce(sum(abs(charged - owed)), 0) from charges) + (select coalesce(sum(abs(refunded - owed)), 0) from refunds)
      + (select coalesce(sum(abs(total - last)), 0) from balances))::text as off`);
  let vectorsOff = 0;
  const collections = await rows<{ id: string; expected: number }>(sql`
    select c.id, coalesce((select sum(i.vectors_written) from batch_items i join media m on m.id = i.media_id
      where m.collection_id = c.id and i.status = 'succeeded' and i.duplicate_of is null), 0)::int as expected
    from collections c where c.account_id in ${ids}`);
  for (const c of collections) vectorsOff += Math.abs((await countAllVectors({ collectionRowId: c.id })) - c.expected);
  return { items: items!.n, lost: items!.lost, centsOff: Number(money!.off) / 10_000, stuck: items!.stuck, freezes: items!.freezes, timeouts: items!.timeouts, vectorsOff };
}
