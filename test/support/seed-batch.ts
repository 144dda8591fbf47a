import { closeDb } from "@/db/client";
import { newAccount, postBatch } from "@/test/integration/helpers";

// Run as its own process (node --import tsx) with DATABASE_URL pointing at a private database:
// submits one batch through the real route and prints {"accountId", "batchId"} on stdout.
// argv[2]: a JSON array of {name, content}.
const files = JSON.parse(process.argv[2] ?? "[]") as { name: string; content: string }[];
const { accountId, apiKey } = await newAccount({ credit: 10 });
const { status, body } = await postBatch({ apiKey, files, fields: { collection_id: "seeded" } });
if (status !== 200) throw new Error(`seeding failed: ${status} ${JSON.stringify(body)}`);
process.stdout.write(`${JSON.stringify({ accountId, batchId: body.data.batch_id })}\n`);
await closeDb();
