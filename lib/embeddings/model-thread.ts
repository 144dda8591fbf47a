import path from "node:path";
import { Worker } from "node:worker_threads";

type Reply<R> = { id: number; result?: R; message?: string };
type Ready = { type: "ready" | "load-error"; message?: string };

export interface ModelThread<Q, R> {
  /** Sends one request to the model's thread; answers in the order the thread finishes them. */
  call(request: Q): Promise<R>;
  close(): Promise<void>;
}

/**
 * A model in its own worker thread (`lib/embeddings/<file>` or an absolute path; plain JavaScript), so inference
 * never holds the main event loop, where leases heartbeat, deadlines fire and requests are
 * served. The thread posts `{type: "ready"}` once loaded, then answers `{id, result}` or
 * `{id, message}` per request. A thread that dies (out of memory, a native crash) fails the
 * calls it held and is started afresh on the next call. An idle thread keeps no process alive.
 */
export async function startModelThread<Q, R>(file: string, what: string): Promise<ModelThread<Q, R>> {
  // From the project root, like every npm script; not bundled, so Turbopack must not trace it.
  const script = path.isAbsolute(file) ? file : path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "embeddings", file);
  const pending = new Map<number, { resolve: (v: R) => void; reject: (e: Error) => void }>();
  let nextId = 0;

  const start = async (onDeath: () => void): Promise<Worker> => {
    const worker = new Worker(script);
    await new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("message", (m: Ready) => (m.type === "ready" ? resolve() : reject(new Error(`${what} did not load: ${m.message}`))));
    });
    worker.on("message", (m: Reply<R>) => {
      const call = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) worker.unref();
      if (m.message !== undefined) call?.reject(new Error(m.message));
      else call?.resolve(m.result as R);
    });
    const died = (error: Error) => {
      onDeath();
      for (const call of pending.values()) call.reject(new Error(`${what} stopped: ${error.message}`));
      pending.clear();
    };
    worker.on("error", died);
    worker.on("exit", (code) => died(new Error(`its thread exited with code ${code}`)));
    worker.unref();
    return worker;
  };

  let live: Promise<Worker> | null = null;
  const launch = (): Promise<Worker> => {
    const worker: Promise<Worker> = start(() => {
      if (live === worker) live = null;
    });
    live = worker;
    return worker;
  };
  await launch();

  return {
    async call(request) {
      const worker = await (live ?? launch());
      return new Promise<R>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, request });
      });
    },
    async close() {
      const worker = live;
      live = null;
      if (worker) await (await worker).terminate();
    },
  };
}
