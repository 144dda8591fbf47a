import Link from "next/link";
import { CodeBlock } from "@/components/code-block";

const submit = `curl -X POST 'http://localhost:3000/v1/batches' \\
  -H 'X-Api-Key: your_api_key' \\
  -F 'file=@q1_report.pdf' \\
  -F 'collection_id=quarterly_reports'`;

const follow = `curl -H 'X-Api-Key: your_api_key' 'http://localhost:3000/v1/batches/BATCH_ID'`;

export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Tessera</h1>
      <p className="mt-3 text-slate-700">
        Turns batches of documents into searchable vector embeddings, on your own machine. The API is served under{" "}
        <code className="rounded bg-slate-200 px-1">/v1</code>. The admin console is not built yet.
      </p>
      <h2 className="mt-10 text-lg font-medium">1. Create an account and an API key</h2>
      <CodeBlock label="Create an account">{`npm run admin -- create-account --name "Acme" --credit 25`}</CodeBlock>
      <h2 className="mt-10 text-lg font-medium">2. Submit a batch</h2>
      <CodeBlock label="Submit a batch">{submit}</CodeBlock>
      <h2 className="mt-10 text-lg font-medium">3. Follow it</h2>
      <CodeBlock label="Follow a batch">{follow}</CodeBlock>
      <p className="mt-10 text-slate-700">
        Every endpoint, its parameters, responses and error codes:{" "}
        <Link href="/docs/api" className="text-sky-700 underline">
          the API reference
        </Link>
        .
      </p>
    </main>
  );
}
