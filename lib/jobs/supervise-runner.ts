import type { Runner } from "graphile-worker";
import { loggableError } from "@/lib/log-safe";

/** Waits between attempts to start a new job runner after one died: 1, 2, 4, ... then every 15 s. */
const restartDelayMs = (failures: number) => Math.min(15_000, 1000 * 2 ** failures);

/**
 * Keeps one graphile-worker runner going. A runner whose connection to PostgreSQL breaks while a
 * job is being released gives up for good ("committing seppuku": its promise rejects), which
 * used to end the whole worker process with an unhandled ECONNREFUSED. Here the dead runner is
 * replaced once PostgreSQL answers again, and `onDeath` learns the graphile-worker ids it had, so
 * the jobs it still locks are released by the stranded-job sweep. The first start is not
 * retried: a worker that cannot reach its database at all says so and exits.
 */
export function superviseRunner({ start, onDeath }: { start: () => Promise<{ runner: Runner; jobWorkerIds: string[] }>; onDeath: (jobWorkerIds: string[]) => void }) {
  let current: Runner | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;

  const watch = ({ runner, jobWorkerIds }: { runner: Runner; jobWorkerIds: string[] }) => {
    current = runner;
    runner.promise.then(
      () => {
        if (!stopped) void replace(jobWorkerIds, "stopped");
      },
      (error: unknown) => {
        if (!stopped) void replace(jobWorkerIds, loggableError(error).split("\n")[0]!);
      },
    );
  };

  const replace = async (deadIds: string[], why: string) => {
    current = null;
    onDeath(deadIds);
    console.error(`[worker] the job runner stopped (${why}); starting a new one when PostgreSQL answers`);
    for (let failures = 0; !stopped; failures++) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, restartDelayMs(failures));
      });
      if (stopped) return;
      try {
        watch(await start());
        console.error("[worker] job runner started again");
        return;
      } catch (error) {
        if (failures === 0) console.error(`[worker] job runner could not start yet: ${loggableError(error).split("\n")[0]}`);
      }
    }
  };

  return {
    ready: start().then(watch),
    async stop() {
      stopped = true;
      wake?.();
      await current?.stop();
    },
  };
}
