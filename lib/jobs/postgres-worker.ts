import { loggableError } from "@/lib/log-safe";
import { Logger, run, type TaskList, type WorkerEvents } from "graphile-worker";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { getDb } from "@/db/client";
import { beatWorkerHeartbeat, removeWorkerHeartbeat } from "@/db/queries/workers";
import { env } from "@/lib/env";
import { removeStaleIncoming } from "./remove-stale-incoming";
import { warmExtractionThreads } from "@/lib/pipeline/extract/extraction-pool";
import { randomToken } from "@/lib/ids";
import type { DeliveryOptions } from "@/lib/webhooks/deliver-webhook";
import { DELIVER_WEBHOOK_TASK, PROCESS_ITEM_TASK, type DeliverWebhookPayload, type ProcessItemPayload } from "./index";
import { runItemJob } from "./run-item-job";
import { runWebhookJob } from "./run-webhook-job";
import { releaseStrandedJobs } from "./release-stranded-jobs";
import { sweepExpiredItems } from "./sweep-expired-items";
import { sweepOrphanVectors } from "./sweep-orphan-vectors";
import { superviseRunner } from "./supervise-runner";
import { unreachableDependency } from "@/lib/outage";

// graphile-worker logs every job at info level; Tessera's own lines say what matters.
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[worker] ${message}`);
});

/** An upload still "incoming" after an hour belongs to a request that died. */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

export interface RunningWorker {
  workerId: string;
  stop(): Promise<void>;
}

/**
 * The default job driver: graphile-worker on the same PostgreSQL, plus the lease sweeper.
 * `webhooks` overrides the env's delivery settings (tests reach a receiver on 127.0.0.1).
 */
export async function startPostgresWorker({ concurrency = env.WORKER_CONCURRENCY, webhooks = {} }: { concurrency?: number; webhooks?: DeliveryOptions } = {}): Promise<RunningWorker> {
  const workerId = `${hostname()}:${process.pid}:${randomToken(6)}`;
  // graphile-worker locks jobs under ids of its own; the heartbeat row names them, so a sweeper
  // can tell a dead process's locks from a live one's.
  const jobWorkerIds: string[] = [];
  const beat = () => beatWorkerHeartbeat(getDb(), { workerId, jobWorkerIds });
  const taskList: TaskList = {
    [PROCESS_ITEM_TASK]: async (payload) => {
      const job = payload as ProcessItemPayload;
      await runItemJob({ itemId: job.itemId, workerId, payload: job });
    },
    [DELIVER_WEBHOOK_TASK]: async (payload) => {
      await runWebhookJob(payload as DeliverWebhookPayload, webhooks);
    },
  };
  const runners = superviseRunner({
    start: async () => {
      const events: WorkerEvents = new EventEmitter();
      const ids: string[] = [];
      events.on("worker:create", ({ worker }) => {
        ids.push(worker.workerId);
        jobWorkerIds.push(worker.workerId);
      });
      const runner = await run({ events, connectionString: env.DATABASE_URL, concurrency, noHandleSignals: true, pollInterval: 1000, logger: quietLogger, taskList });
      return { runner, jobWorkerIds: ids };
    },
    // A dead runner's ids leave the heartbeat, so its locked jobs count as a dead worker's.
    onDeath: (ids) => {
      for (const id of ids) if (jobWorkerIds.includes(id)) jobWorkerIds.splice(jobWorkerIds.indexOf(id), 1);
    },
  });
  await runners.ready;

  await beat();
  // Loaded before the first item arrives, so it does not wait ~2.5 s for pdf.js and the parsers.
  warmExtractionThreads(concurrency);
  const report = outageAwareReporter();
  const heartbeat = setInterval(() => {
    beat().then(report.recovered, report.failed("heartbeat"));
  }, (env.ITEM_LEASE_SECONDS * 1000) / 3);

  const sweepEveryMs = Math.max(2_000, (env.ITEM_LEASE_SECONDS * 1000) / 4);
  const sweeper = setInterval(() => {
    sweepExpiredItems({ sweeperId: workerId }).catch(report.failed("lease sweep"));
    // A worker is dead once it missed a lease's worth of heartbeats, as an item's lease lapses.
    releaseStrandedJobs({ deadAfterSeconds: env.ITEM_LEASE_SECONDS }).catch(report.failed("stranded job sweep"));
  }, sweepEveryMs);

  const orphans = () => sweepOrphanVectors().catch(report.failed("orphan vector sweep"));
  void orphans();
  const janitor = setInterval(() => {
    removeStaleIncoming(STALE_UPLOAD_MS).catch((error: unknown) => console.error(`[worker] upload clean-up failed: ${loggableError(error)}`));
    void orphans();
  }, STALE_UPLOAD_MS / 6);

  return {
    workerId,
    async stop() {
      clearInterval(sweeper);
      clearInterval(janitor);
      clearInterval(heartbeat);
      await runners.stop();
      await removeWorkerHeartbeat(getDb(), { workerId });
    },
  };
}

/**
 * Logs a failed background step. An unreachable database is said once per outage (and its end
 * once), not every few seconds with a stack per timer.
 */
function outageAwareReporter() {
  let down: string | null = null;
  return {
    recovered: () => {
      if (down) console.error(`[worker] ${down} reachable again`);
      down = null;
    },
    failed: (what: string) => (error: unknown) => {
      const dependency = unreachableDependency(error);
      if (!dependency) return console.error(`[worker] ${what} failed: ${loggableError(error)}`);
      if (!down) console.error(`[worker] ${dependency} unreachable (${what} failed); waiting for it`);
      down = dependency;
    },
  };
}

