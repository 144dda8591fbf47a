// Prints what this machine can process: the capability table `npm start` shows at start-up,
// from the same probes as GET /v1/status (lib/capabilities). Exits 0 whatever is missing:
// items then yield what they can and say what they skipped.
import { detectCapabilities } from "@/lib/capabilities";
import { closeOcr } from "@/lib/pipeline/extract/ocr";

const capabilities = await detectCapabilities();
const rows = Object.entries(capabilities);
const width = Math.max(...rows.map(([name]) => name.length));
const lines = ["", "  Capabilities (GET /v1/status):"];
for (const [name, c] of rows) {
  lines.push(`    ${name.padEnd(width)}  ${c.available ? "yes    " : "MISSING"}  ${c.detail}`);
  if (!c.available && c.install && !c.detail.includes(c.install)) lines.push(`    ${" ".repeat(width)}           add it with: ${c.install}`);
}
const missing = rows.filter(([, c]) => !c.available).length;
lines.push(missing ? `    ${missing} of ${rows.length} missing: items still process and say what they skipped.` : `    all ${rows.length} available.`, "");
process.stdout.write(`${lines.join("\n")}\n`);
await closeOcr();
process.exit(0);
