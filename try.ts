import { extractPresentation } from "@/lib/pipeline/extract/presentations";
for (const f of process.argv.slice(2)) {
  const ext = "." + f.split(".").pop();
  const t = Date.now();
  try {
    const r = await extractPresentation({ path: `test/fixtures/presentations/${f}`, extension: ext, filename: f });
    console.log(f, Date.now() - t, "ms", JSON.stringify(r, null, 1));
  } catch (e) { console.log(f, "ERR", (e as any).code, (e as Error).message); }
}
