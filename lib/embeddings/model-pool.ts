import { startModelThread, type ModelThread } from "./model-thread";

export interface ModelPool<Q, R> {
  /**
   * Runs one job: its requests go to the pool's threads one at a time each, interleaved
   * round-robin with every other job's, and the results come back in the job's order.
   */
  run(requests: Q[]): Promise<R[]>;
  readonly size: number;
  close(): Promise<void>;
}

interface Job<Q, R> {
  requests: Q[];
  next: number;
  results: R[];
  outstanding: number;
  failed: boolean;
  resolve(results: R[]): void;
  reject(error: Error): void;
}

/**
 * `size` copies of a model, each in its own thread (model-thread.ts), fed fairly: a free
 * thread takes the next request of the next job in turn, so a job of 3 requests waits behind
 * at most one request per thread of a job of 300, not behind all of them. A job is one
 * call (one item's chunks, cut into slices by the caller); jobs that arrive later join the
 * rotation at once. A failed request fails its job only; the thread restarts on its own.
 */
export async function startModelPool<Q, R>(file: string, what: string, size: number): Promise<ModelPool<Q, R>> {
  const threads: ModelThread<Q, R>[] = await Promise.all(Array.from({ length: size }, () => startModelThread<Q, R>(file, what)));
  const idle = [...threads];
  const jobs: Job<Q, R>[] = []; // the rotation: jobs with requests not yet sent
  let turn = 0;

  const dispatch = () => {
    while (idle.length && jobs.length) {
      turn %= jobs.length;
      const job = jobs[turn]!;
      const index = job.next++;
      if (job.next === job.requests.length) jobs.splice(turn, 1); // its last request: out of the rotation
      else turn++;
      const thread = idle.pop()!;
      job.outstanding++;
      thread.call(job.requests[index]!).then(
        (result) => {
          job.results[index] = result;
          job.outstanding--;
          if (!job.failed && job.outstanding === 0 && job.next === job.requests.length) job.resolve(job.results);
        },
        (error: Error) => {
          job.outstanding--;
          if (!job.failed) {
            job.failed = true;
            const at = jobs.indexOf(job);
            if (at >= 0) jobs.splice(at, 1);
            job.reject(error);
          }
        },
      ).finally(() => {
        idle.push(thread);
        dispatch();
      });
    }
  };

  return {
    size,
    run(requests) {
      if (requests.length === 0) return Promise.resolve([]);
      return new Promise<R[]>((resolve, reject) => {
        jobs.push({ requests, next: 0, results: new Array<R>(requests.length), outstanding: 0, failed: false, resolve, reject });
        dispatch();
      });
    },
    async close() {
      jobs.length = 0;
      await Promise.all(threads.map((t) => t.close()));
    },
  };
}

/** Cuts a list into slices of `size` (the last may be shorter). */
export function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
