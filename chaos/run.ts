import os from "node:os";
import { call, multipart, tally } from "./api";
import { checkAccounts, settle, type Findings } from "./checks";
import { scenarios, type Ctx } from "./scenarios";
import { startStack } from "./stack";

// `npm run chaos [-- --quick] [-- --json]`: the fault suite. Starts a private stack (embedded
// PostgreSQL and Chroma under npm start's keepAlive, real worker processes), runs each
// scenario, waits for its items to end, checks the invariants (chaos/checks.ts) and prints one
// table. --quick is the CI size (test/integration/chaos-quick.test.ts asserts its zeros);
// --json prints the rows as JSON on the last line.

const quick = process.argv.includes("--quick");
const json = process.argv.includes("--json");
const ITEM_TIMEOUT_SECONDS = 90;
// Items left open after this long without one of them ending are stuck: past a lease, a
// timeout and its grace, and the outage pause's 30 s step.
const SETTLE_IDLE_MS = 180_000;

const started = Date.now();
const stack = await startStack();
stack.startWorker();
stack.startWorker();
const { createAccount } = await import("@/lib/accounts/create-account");
const { dollarsToMicros } = await import("@/lib/billing/pricing");
const { getDb } = await import("@/db/client");
const { POST: postBatch } = await import("@/app/v1/batches/route");

interface Row extends Findings {
  scenario: string;
  rounds: number;
  crashes: number;
  fiveHundreds: number;
  envelopeMisses: number;
  seconds: number;
}
const rows: Row[] = [];

for (const scenario of scenarios(quick)) {
  const t0 = Date.now();
  const accounts: string[] = [];
  const before = { ...tally, crashes: stack.crashes() };
  const ctx: Ctx = {
    stack,
    quick,
    async account(credit = 5) {
      const { account, key } = await createAccount(getDb(), { name: `chaos-${accounts.length}`, creditMicros: dollarsToMicros(credit) });
      accounts.push(account.id);
      return { accountId: account.id, apiKey: key.secret };
    },
    submit: (apiKey, files, init = {}) => call(postBatch, multipart("http://chaos.test/v1/batches", { apiKey, files, ...init })),
  };
  try {
    await scenario.run(ctx);
  } catch (error) {
    process.stderr.write(`[chaos] ${scenario.name}: ${(error as Error).stack}\n`);
    tally.fiveHundreds++;
  }
  while (stack.workers.size < 2) stack.startWorker();
  await settle(accounts, SETTLE_IDLE_MS);
  const findings = await checkAccounts(accounts, { itemTimeoutSeconds: ITEM_TIMEOUT_SECONDS });
  rows.push({
    scenario: scenario.name,
    rounds: scenario.rounds,
    ...findings,
    crashes: stack.crashes() - before.crashes,
    fiveHundreds: tally.fiveHundreds - before.fiveHundreds,
    envelopeMisses: tally.envelopeMisses - before.envelopeMisses,
    seconds: Math.round((Date.now() - t0) / 1000),
  });
  process.stderr.write(`[chaos] ${scenario.name}: done in ${rows.at(-1)!.seconds} s\n`);
}
await stack.stop();

const head = ["scenario", "rounds", "items", "lost", "cents off", "vectors off", "crashes", "freezes", "timeouts", "stuck", "5xx", "envelope misses", "s"];
const table = [
  `| ${head.join(" | ")} |`,
  `|${head.map(() => "---").join("|")}|`,
  ...rows.map((r) => `| ${[r.scenario, r.rounds, r.items, r.lost, r.centsOff, r.vectorsOff, r.crashes, r.freezes, r.timeouts, r.stuck, r.fiveHundreds, r.envelopeMisses, r.seconds].join(" | ")} |`),
];
const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
process.stdout.write(`${table.join("\n")}\n\n${quick ? "quick" : "full"} run, ${Math.round((Date.now() - started) / 1000)} s, ${tally.requests} requests (${tally.unavailable} documented 503s), ${os.cpus().length} cores, load average ${load}\n`);
if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
process.exit(0);
