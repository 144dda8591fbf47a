const curl = `curl -X POST 'http://localhost:3000/v1/batches' \\
  -H 'X-Api-Key: your_api_key' \\
  -F 'file=@q1_report.pdf' \\
  -F 'collection_id=quarterly_reports'`;

export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Tessera</h1>
      <p className="mt-3 text-slate-600">
        Self-hosted service that turns batches of documents into searchable vector embeddings. The API is served under{" "}
        <code className="rounded bg-slate-200 px-1">/v1</code>; the admin console is not built yet.
      </p>
      <h2 className="mt-10 text-lg font-medium">Submit a batch</h2>
      <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">{curl}</pre>
      <p className="mt-6 text-sm text-slate-600">
        Create an account and an API key with <code className="rounded bg-slate-200 px-1">npm run admin -- create-account --name NAME --credit 25</code>.
      </p>
    </main>
  );
}
