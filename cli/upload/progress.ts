import cliProgress from "cli-progress";

/** What the upload tells the person watching: bars on a terminal, one line per event otherwise. */
export interface Progress {
  setTotals(totals: { files: number; items?: number }): void;
  uploaded(count: number, note: string): void;
  processed(done: number, failed: number): void;
  failure(note: string): void;
  log(line: string): void;
  stop(): void;
}

const silent: Progress = { setTotals() {}, uploaded() {}, processed() {}, failure() {}, log() {}, stop() {} };

export function createProgress({ stream = process.stderr, quiet = false }: { stream?: NodeJS.WriteStream; quiet?: boolean } = {}): Progress {
  if (quiet) return silent;
  return stream.isTTY ? barProgress(stream) : lineProgress(stream);
}

function lineProgress(stream: NodeJS.WriteStream): Progress {
  const totals = { files: 0, items: 0 };
  let sent = 0;
  let lastProcessed = "";
  return {
    setTotals(t) {
      totals.files = t.files;
      totals.items = t.items ?? totals.items;
    },
    uploaded(count, note) {
      sent += count;
      stream.write(`uploaded ${sent}/${totals.files} files (${note})\n`);
    },
    processed(done, failed) {
      const line = `processed ${done}/${totals.items} items, ${failed} failed`;
      if (line !== lastProcessed) stream.write(`${line}\n`);
      lastProcessed = line;
    },
    failure: (note) => stream.write(`failed: ${note}\n`),
    log: (line) => stream.write(`${line}\n`),
    stop() {},
  };
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  const multi = new cliProgress.MultiBar(
    { stream, format: " {label} [{bar}] {value}/{total}", hideCursor: true, clearOnComplete: false, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const files = multi.create(0, 0, { label: "files uploaded " });
  const items = multi.create(0, 0, { label: "items processed" });
  const failures = multi.create(0, 0, { label: "failures       " });
  let failed = 0;
  return {
    setTotals(t) {
      files.setTotal(t.files);
      if (t.items !== undefined) items.setTotal(t.items);
      failures.setTotal(Math.max(t.files, t.items ?? 0));
    },
    uploaded: (count) => files.increment(count),
    processed(done, processingFailed) {
      items.update(done);
      failures.update(failed + processingFailed);
    },
    failure() {
      failed++;
      failures.increment();
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}
