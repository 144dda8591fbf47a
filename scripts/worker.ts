import { closeDb } from "@/db/client";
import { jobDriver } from "@/lib/env";
import { loadConfiguredProviders } from "@/lib/embeddings";
import { loadSpeechProvider } from "@/lib/speech";
import { startPostgresWorker } from "@/lib/jobs/postgres-worker";
import { getBlobStore } from "@/lib/blob-store";
import { unreachableDependency } from "@/lib/outage";
import { loggableError } from "@/lib/log-safe";

// graphile-worker leaves some of its own promises unhandled when PostgreSQL goes away mid-job
// (pg-pool's connect, rejected while a dead runner shuts down): by Node's default that ends the
// process. A lost connection is an outage the runner supervisor (lib/jobs/supervise-runner.ts)
// rides out, so it is logged; anything else still ends the worker, as before.
process.on("unhandledRejection", (reason: unknown) => {
  if (unreachableDependency(reason)) {
    console.error(`[worker] ignored a lost connection in the job runner: ${loggableError(reason).split("\n")[0]}`);
    return;
  }
  console.error(`[worker] unhandled rejection: ${loggableError(reason)}`);
  process.exit(1);
});

// `npm run worker`: processes queued items until SIGINT/SIGTERM. Run as many as you like,
// on as many machines as share the database: items are claimed under leases.
// Load every configured model first: a missing model folder or a bad setting stops the
// worker here, with its message, instead of failing every item it would have taken.
await loadConfiguredProviders();
const speech = await loadSpeechProvider();
console.log(`[worker] speech to text: ${speech.describe()}`);
console.log(`[worker] uploads and previews: ${getBlobStore().describe()}`);
const worker = await startPostgresWorker();
console.log(`[worker] ${worker.workerId} ready`);
if (jobDriver() === "inngest") {
  // Harmless beside Inngest: it finishes jobs queued before the switch and sweeps lapsed leases.
  console.log("[worker] job driver is inngest: new items run as Inngest functions at /api/inngest");
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing running items`);
    worker
      .stop()
      .then(closeDb)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  });
}
