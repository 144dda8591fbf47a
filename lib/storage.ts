import path from "node:path";
import { env } from "@/lib/env";

/** Uploads wait here, one folder per batch, until their item is processed. */
export function uploadsDir(): string {
  return path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, "uploads");
}

/** Files being received: moved into the batch's folder once the batch is committed. */
export function incomingDir(): string {
  return path.join(uploadsDir(), "incoming");
}
