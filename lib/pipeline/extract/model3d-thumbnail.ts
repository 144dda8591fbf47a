import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";

// f3d needs an X display even for off-screen output; xvfb-run gives it a private one.
// The renderer is a child process in its own process group, so a hang is killed whole.
const DEADLINE_MS = 45_000; // 500 k triangles took 10 s here
const SIZE = 256;

/**
 * Renders a mesh file (the binary STL the parser wrote) to a PNG with f3d under xvfb-run.
 * Resolves to an explanation when no picture was produced: a missing thumbnail never fails
 * the item.
 */
export function renderThumbnail(meshPath: string, pngPath: string, signal?: AbortSignal): Promise<string | null> {
  const args = ["-a", "-s", "-screen 0 640x480x24", "f3d", "--quiet", `--resolution=${SIZE},${SIZE}`];
  args.push("--camera-azimuth-angle=35", "--camera-elevation-angle=25", "--color=0.72,0.74,0.78", `--output=${pngPath}`, meshPath);
  return new Promise((resolve) => {
    const child = spawn("xvfb-run", args, { detached: true, stdio: "ignore" });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(kill, DEADLINE_MS);
    signal?.addEventListener("abort", kill, { once: true });
    const done = (why: string | null) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", kill);
      resolve(why);
    };
    child.once("error", (err) => done(`the renderer could not start (${err.message})`));
    child.once("exit", (code, sig) => {
      if (sig) return done(sig === "SIGKILL" ? "rendering took too long" : `the renderer stopped (${sig})`);
      if (code !== 0) return done(`the renderer failed (exit code ${code})`);
      void stat(pngPath).then(
        (s) => done(s.size > 0 ? null : "the renderer wrote an empty picture"),
        () => done("the renderer wrote no picture"),
      );
    });
  });
}
