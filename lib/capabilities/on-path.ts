import { execFile } from "node:child_process";

/** True when the shell finds an executable of this name (system tools such as f3d, tesseract). */
export function commandOnPath(name: string): Promise<boolean> {
  // Asking the shell keeps lib/env.ts the only reader of process.env.
  return new Promise((resolve) => execFile("/bin/sh", ["-c", 'command -v "$0"', name], { timeout: 5_000 }, (err) => resolve(!err)));
}
