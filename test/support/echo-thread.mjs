// A stand-in model thread for model-thread.test.ts, speaking model-thread.ts's protocol:
// "crash" ends the thread as a native crash or an out-of-memory would, "fail" answers an error,
// anything else comes back with the thread's id, so a test can tell a fresh thread.
import { parentPort, threadId } from "node:worker_threads";

parentPort.postMessage({ type: "ready" });
parentPort.on("message", ({ id, request }) => {
  if (request === "crash") process.exit(7);
  if (request === "fail") parentPort.postMessage({ id, message: "the model refused" });
  else parentPort.postMessage({ id, result: `${request} from thread ${threadId}` });
});
