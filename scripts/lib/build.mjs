// When `next build` must run again: any build input newer than .next/BUILD_ID.

import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths.mjs";


/** Newest mtime (ms) among files under `paths` (dirs walked recursively). */
export function newestMtime(paths, { root = ROOT, skip = () => false } = {}) {
  let newest = 0;
  let newestPath = null;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      const base = path.basename(p);
      if (base === "node_modules" || base === ".next" || base.startsWith(".git")) return;
      for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    } else if (!skip(p) && st.mtimeMs > newest) {
      newest = st.mtimeMs;
      newestPath = p;
    }
  };
  for (const p of paths) visit(path.resolve(root, p));
  return { mtimeMs: newest, path: newestPath };
}

/** Sources whose change requires a new `next build`. */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "inngest",
  "public",
  "styles",
  "hooks",
  "types",
  "proxy.ts",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.ts",
  "next.config.js",
  "next.config.mjs",
  "postcss.config.mjs",
  "postcss.config.js",
  "tailwind.config.ts",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  ".env",
  ".env.local",
  ".env.production",
  ".env.production.local",
];

const isTestFile = (p) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(p) || p.includes(`${path.sep}__tests__${path.sep}`);

/** Why a `next build` is needed, or null when .next/BUILD_ID is newer than every input. */
export function buildNeeded(root = ROOT) {
  let built;
  try {
    built = fs.statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs;
  } catch {
    return "no previous build";
  }
  const { mtimeMs, path: p } = newestMtime(BUILD_INPUTS, { root, skip: isTestFile });
  return mtimeMs > built ? `${path.relative(root, p)} changed since the last build` : null;
}
