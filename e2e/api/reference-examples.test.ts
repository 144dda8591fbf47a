import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { createAccount } from "@/lib/accounts/create-account";

// The reference page's cURL and Python examples, run as written against a running server:
// only the base URL and the API key are changed.
const run = promisify(execFile);
const BASE_URL = process.env.TESSERA_BASE_URL!;
const PYTHON = process.env.TESSERA_PYTHON ?? "/usr/bin/python3";
const SAMPLE_PDF = path.resolve(import.meta.dirname, "../../test/fixtures/documents/sample.pdf");

let dir: string;
let apiKey: string;

beforeAll(async () => {
  if (!BASE_URL) throw new Error("TESSERA_BASE_URL is not set: run this suite through `npm test`.");
  dir = await mkdtemp(path.join(tmpdir(), "tessera-reference-"));
  const pdf = await readFile(SAMPLE_PDF);
  // Three different reports: a comment after %%EOF changes the checksum, not the content.
  for (const quarter of ["q1", "q2", "q3"]) await writeFile(path.join(dir, `${quarter}_report.pdf`), Buffer.concat([pdf, Buffer.from(`\n% ${quarter}\n`)]));
  const { key } = await createAccount(getDb(), { name: "reference-examples", creditMicros: 5_000_000 });
  apiKey = key.secret;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await closeDb();
});

async function getJson(url: string) {
  const response = await fetch(url, { headers: { "X-Api-Key": apiKey } });
  return { status: response.status, body: (await response.json()) as any };
}

async function waitUntilDone(batchId: string) {
  for (let i = 0; i < 600; i++) {
    const { body } = await getJson(`${BASE_URL}/v1/batches/${batchId}`);
    if (["completed", "failed"].includes(body.data.status)) return body.data;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`batch ${batchId} did not finish`);
}

const RESPONSE_KEYS = ["batch_id", "status", "total_items", "created_at", "estimated_completion_seconds", "estimated_completion", "collection", "cost_estimate", "settings"];

describe("the reference page's examples", () => {
  it("cURL: HTTP 200 with the documented response, then the batch completes", async () => {
    const command = `curl -sS -w '\\n%{http_code}' -X POST '${BASE_URL}/v1/batches' \\
-H 'X-Api-Key: ${apiKey}' \\
-F 'file=@q1_report.pdf' \\
-F 'file=@q2_report.pdf' \\
-F 'collection_id=quarterly_reports' \\
-F 'force_overwrite=true'`;
    const { stdout } = await run("bash", ["-c", command], { cwd: dir });
    const [json, status] = [stdout.slice(0, stdout.lastIndexOf("\n")), stdout.slice(stdout.lastIndexOf("\n") + 1)];
    expect(status).toBe("200");
    const body = JSON.parse(json);
    expect(body.success).toBe(true);
    expect(Object.keys(body.data).sort()).toEqual([...RESPONSE_KEYS].sort());
    expect(body.data).toMatchObject({
      batch_id: expect.stringMatching(/^batch_/),
      status: "created",
      total_items: 2,
      collection: "quarterly_reports",
      estimated_completion_seconds: expect.any(Number),
      cost_estimate: { total: 0.08, breakdown: { processing: { document: 0.06, image: 0, video: 0, audio: 0, model: 0 }, storage: 0.02 } },
      settings: { force_overwrite: true, collection_id: "quarterly_reports", media_count: 2 },
    });
    expect(new Date(body.data.estimated_completion).getTime()).toBeGreaterThan(new Date(body.data.created_at).getTime());
    expect(body.metadata).toEqual({ force_overwrite: true, media_types: { document: 2 }, collection_id: "quarterly_reports" });

    const done = await waitUntilDone(body.data.batch_id);
    expect(done).toMatchObject({ status: "completed", progress: { percentage: 100, completed: 2, total: 2 } });
    const results = await getJson(`${BASE_URL}/v1/batches/${body.data.batch_id}/results`);
    expect(results.status).toBe(200);
    expect(results.body.data.items.map((i: { status: string }) => i.status)).toEqual(["succeeded", "succeeded"]);
    expect(results.body.data.items[0].chunks_written).toBeGreaterThan(0);
  });

  it("Python requests: HTTP 200 and the printed summary", async () => {
    const script = `import requests

# Configuration
api_key = "${apiKey}"
api_url = "${BASE_URL}/v1/batches"

# List of files to process
files_to_upload = [
    "q1_report.pdf",
    "q2_report.pdf",
    "q3_report.pdf"
]

# Prepare request
headers = {"X-Api-Key": api_key}
data = {
    "collection_id": "quarterly_reports",
    "force_overwrite": "true"
}

# Prepare files for multipart upload
files = [
    ("file", (filename, open(filename, "rb")))
    for filename in files_to_upload
]

# Submit batch
response = requests.post(api_url, headers=headers, data=data, files=files)

# Process response
if response.status_code == 200:
    result = response.json()
    batch_id = result["data"]["batch_id"]
    print(f"Batch created: {batch_id}")
    print(f"Status: {result['data']['status']}")
    print(f"Files: {result['data']['total_items']}")
    print(f"Estimated completion: {result['data']['estimated_completion']}")
    print(f"Cost: \${result['data']['cost_estimate']['total']}")
else:
    print(f"Error {response.status_code}: {response.text}")
`;
    await writeFile(path.join(dir, "submit.py"), script);
    const { stdout } = await run(PYTHON, ["submit.py"], { cwd: dir });
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Batch created: batch_[a-z2-7]+$/);
    expect(lines.slice(1)).toEqual([
      "Status: created",
      "Files: 3",
      expect.stringMatching(/^Estimated completion: \d{4}-\d\d-\d\dT/),
      // force_overwrite=true: q1 and q2 are reprocessed and charged again, q3 is new.
      "Cost: $0.12",
    ]);
    const done = await waitUntilDone(lines[0]!.replace("Batch created: ", ""));
    expect(done.status).toBe("completed");
  });
});
