import { Command, InvalidArgumentError, Option } from "commander";
import { clientFromFlags, UsageError, type GlobalFlags } from "./config";
import { serveStdio } from "../mcp/server";
import { balance, collections, search, status } from "./read-commands";
import { createProgress } from "./upload/progress";
import { formatUploadSummary, runUpload } from "./upload/run-upload";

// `tessera`: the command line over the typed SDK (sdk/). Exit codes: 0 done, 1 some file or
// request failed, 2 bad usage, 130 interrupted.

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a positive integer");
  return n;
};

const metadataJson = (value: string) => {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, string | number | boolean>;
  } catch {
    // fall through
  }
  throw new InvalidArgumentError("must be a JSON object, e.g. '{\"team\":\"legal\"}'");
};

// The server's cap on GET /v1/batches/{id}?wait=N (the OpenAPI document says it); a longer ask is refused.
const MAX_WAIT_SECONDS = 30;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function print(json: boolean, result: { data: unknown; text: string }) {
  process.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
}

export function buildProgram(): Command {
  const program = new Command("tessera")
    .description("Upload folders to Tessera, search them, and follow batches")
    .option("--url <url>", "server URL (env TESSERA_URL, default http://127.0.0.1:3000)")
    .option("--api-key <key>", "API key (env TESSERA_API_KEY)")
    .showHelpAfterError();
  const flags = () => program.opts<GlobalFlags>();
  const say = (line: string) => process.stderr.write(`${line}\n`);

  program
    .command("upload")
    .description("Upload files and folders (recursively) into a collection, skipping what it already holds")
    .argument("<paths...>", "files or folders")
    .requiredOption("-c, --collection <name>", "collection to store the files in")
    .option("--force-overwrite", "reprocess (and charge) files the collection already has", false)
    .option("--metadata <json>", "metadata for every file, a JSON object", metadataJson)
    .option("--wait", "follow processing to the end and report every failed item", false)
    .option("--json", "print the summary as JSON on stdout", false)
    .addOption(new Option("--concurrency <n>", "batches uploading at once").argParser(positiveInt).default(2))
    .addOption(new Option("--poll-interval <seconds>", "least seconds between two status checks with --wait (each check long-polls up to 30 s)").argParser(positiveInt).default(2))
    .action(async (paths: string[], o: { collection: string; forceOverwrite: boolean; metadata?: Record<string, string | number | boolean>; wait: boolean; json: boolean; concurrency: number; pollInterval: number }) => {
      const progress = createProgress();
      const client = clientFromFlags(flags(), (line) => progress.log(line));
      let stop = false;
      const onSigint = () => {
        if (stop) process.exit(130);
        stop = true;
        progress.log("Stopping: batches in flight finish, nothing new is sent (Ctrl-C again to quit at once).");
      };
      process.on("SIGINT", onSigint);
      const summary = await runUpload(
        client,
        { paths, ...o, pollIntervalMs: o.pollInterval * 1000, waitSeconds: MAX_WAIT_SECONDS, stopped: () => stop },
        progress,
      );
      process.off("SIGINT", onSigint);
      process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatUploadSummary(summary)}\n`);
      process.exitCode = summary.interrupted ? 130 : summary.failures.length > 0 ? 1 : 0;
    });

  program
    .command("search")
    .description("Search by meaning and words")
    .argument("<query>")
    .option("-c, --collection <name>", "only this collection (repeatable)", collect)
    .option("-t, --type <media_type>", "only this media type, e.g. document (repeatable)", collect)
    .addOption(new Option("-n, --limit <n>", "results").argParser(positiveInt).default(10))
    .option("--json", "print the API's data as JSON", false)
    .action(async (query: string, o: { collection?: string[]; type?: string[]; limit: number; json: boolean }) => print(o.json, await search(clientFromFlags(flags(), say), query, o)));

  program
    .command("status")
    .description("Service status and this key's limits, or one batch's progress and errors")
    .argument("[batch_id]")
    .option("--json", "print the API's data as JSON", false)
    .action(async (batchId: string | undefined, o: { json: boolean }) => print(o.json, await status(clientFromFlags(flags(), say), batchId)));

  program
    .command("collections")
    .description("The account's collections")
    .option("--json", "print the API's data as JSON", false)
    .action(async (o: { json: boolean }) => print(o.json, await collections(clientFromFlags(flags(), say))));

  program
    .command("balance")
    .description("The account's balance")
    .option("--json", "print the API's data as JSON", false)
    .action(async (o: { json: boolean }) => print(o.json, await balance(clientFromFlags(flags(), say))));

  program
    .command("mcp")
    .description("Run the MCP server on stdin/stdout (for Claude Desktop, Cursor, ...): search, list_collections, get_media, find_similar")
    .action(async () => serveStdio(clientFromFlags(flags(), say)));

  return program;
}

export async function main(argv: string[]) {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`tessera: ${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
