// A stand-in model thread for model-pool.test.ts, speaking model-thread.ts's protocol: a
// request {label, ms} holds the thread for ms (as a model call does) and answers with its
// label, its thread and the time it finished; {fail: true} answers an error.
import { parentPort, threadId } from "node:worker_threads";

parentPort.postMessage({ type: "ready" });
parentPort.on("message", ({ id, request }) => {
  if (request.fail) return parentPort.postMessage({ id, message: `refused ${request.label}` });
  const until = Date.now() + request.ms;
  while (Date.now() < until); // busy, like inference
  parentPort.postMessage({ id, result: { label: request.label, thread: threadId, at: performance.timeOrigin + performance.now() } });
});
