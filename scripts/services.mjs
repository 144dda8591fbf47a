// Local services and process helpers for `npm start`, `npm run dev`, `npm test`, the
// benchmarks and eval: one import for the small modules in scripts/lib/.
//
// Plain ESM JavaScript on purpose: this runs before anything is compiled, and before
// node_modules necessarily exists (npm packages are only imported lazily, inside the
// functions that need them).

export { ROOT } from "./lib/paths.mjs";
export { ensurePackages, testPackages } from "./lib/system-packages.mjs";
export { buildNeeded, BUILD_INPUTS, newestMtime } from "./lib/build.mjs";
export { startChroma } from "./lib/chroma.mjs";
export { findFreePort, isPortOpen, waitForHttp } from "./lib/net.mjs";
export { startEmbeddedPostgres, withSql } from "./lib/postgres.mjs";
export { binScript, describeExit, exited, hasExited, pidAlive, prefixOutput, sleep, spawnManaged, stopChild } from "./lib/processes.mjs";
export { ComponentStates, keepAlive, restartDelayMs, Supervisor } from "./lib/supervisor.mjs";
