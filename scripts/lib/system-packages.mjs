// The Debian packages Tessera still needs beyond npm, and how to get them.
//
// One list: lib/capabilities/system-packages.json names what a capability needs (read by the
// app's capability probes too); the test suite adds what only tests use (a browser for the
// console suite, Python's requests and curl for the reference page's examples). `npm test`
// installs what is missing when it runs as root with apt-get, and otherwise stops at once
// with the one command to run; `npm start` names what is missing in its capability table
// (scripts/capabilities.ts, from the app's own probes).

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths.mjs";

const CAPABILITY_PACKAGES = JSON.parse(fs.readFileSync(path.join(ROOT, "lib", "capabilities", "system-packages.json"), "utf8"));

const onPath = (name) => (process.env.PATH ?? "").split(":").some((dir) => dir && isExecutable(path.join(dir, name)));
function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** How to tell that a package's part we use is there (works without dpkg, and honours overrides). */
const PRESENT = {
  pocketsphinx: () => onPath("pocketsphinx_continuous"),
  "pocketsphinx-en-us": () => fs.existsSync("/usr/share/pocketsphinx/model/en-us/en-us/mdef"),
  chromium: () => isExecutable(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"),
  "python3-requests": () => spawnSync(process.env.TESSERA_PYTHON ?? "/usr/bin/python3", ["-c", "import requests"], { stdio: "ignore" }).status === 0,
  curl: () => onPath("curl"),
};

function installed(pkg) {
  if (PRESENT[pkg]) return PRESENT[pkg]();
  const q = spawnSync("dpkg-query", ["-W", "-f=${db:Status-Status}", pkg], { encoding: "utf8" });
  return q.status === 0 && q.stdout.trim() === "installed";
}

/** Packages each test project needs. Unit and integration tests transcribe speech; e2e runs the reference examples; console drives a browser. */
export function testPackages(projects) {
  const want = new Set();
  const speech = CAPABILITY_PACKAGES.speech_to_text;
  if (projects.some((p) => ["unit", "integration", "e2e"].includes(p))) speech.forEach((p) => want.add(p));
  if (projects.includes("e2e")) ["python3-requests", "curl"].forEach((p) => want.add(p));
  if (projects.includes("console")) want.add("chromium");
  return [...want];
}

export const aptCommand = (packages) => `apt-get install -y ${packages.join(" ")}`;

function run(cmd, args, log) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive", NEEDRESTART_MODE: "a" } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (err) => resolve({ code: 1, out: err.message }));
    child.on("exit", (code) => {
      if (code !== 0) log?.(out.trim().split("\n").slice(-10).join("\n"));
      resolve({ code, out });
    });
  });
}

/**
 * Makes sure `packages` are installed: as root with apt-get, installs the missing ones
 * (TESSERA_NO_APT=1 forbids it); otherwise returns the one command that adds them.
 * Resolves to { ok: true } or { ok: false, command }.
 */
export async function ensurePackages(packages, { say, warn }) {
  const missing = packages.filter((p) => !installed(p));
  if (missing.length === 0) return { ok: true };
  const command = aptCommand(missing);
  const canApt = process.getuid?.() === 0 && onPath("apt-get") && process.env.TESSERA_NO_APT !== "1";
  if (!canApt) return { ok: false, command: process.getuid?.() === 0 || !onPath("sudo") ? command : `sudo ${command}` };
  say(`installing Debian packages the tests need: ${missing.join(" ")}`);
  const update = await run("apt-get", ["update", "-qq"], warn);
  if (update.code !== 0) warn("apt-get update failed; trying the install with the package lists there are");
  const opts = ["-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"];
  const result = await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...opts, ...missing], warn);
  const still = missing.filter((p) => !installed(p));
  if (result.code !== 0 || still.length > 0) return { ok: false, command: aptCommand(still.length ? still : missing) };
  return { ok: true };
}
