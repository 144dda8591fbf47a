import { closeDb } from "@/db/client";
import { getTextEmbedder } from "@/lib/embeddings";
import { startPostgresWorker } from "@/lib/jobs/postgres-worker";

// `npm run worker`: processes queued items until SIGINT/SIGTERM. Run as many as you like,
// on as many machines as share the database: items are claimed under leases.
const worker = await startPostgresWorker();
await getTextEmbedder(); // load the model now, not on the first item
console.log(`[worker] ${worker.workerId} ready`);

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
