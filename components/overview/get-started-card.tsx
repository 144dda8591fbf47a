import { CodeBlock } from "@/components/code-block";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** Shown until the account's first batch: the three steps from nothing to searchable media. */
export function GetStartedCard({ origin }: { origin: string }) {
  const submit = `curl -X POST '${origin}/v1/batches' \\
  -H 'X-Api-Key: your_api_key' \\
  -F 'file=@q1_report.pdf' \\
  -F 'collection_id=quarterly_reports'`;
  const follow = `curl -H 'X-Api-Key: your_api_key' '${origin}/v1/batches/BATCH_ID'`;
  return (
    <Card title="Get started">
      <ol className="space-y-5 text-sm text-slate-700">
        <li>
          <p className="font-medium text-slate-900">1. Create an API key</p>
          <p className="mt-1">Programs authenticate with a key; give it the write capability to upload.</p>
          <ButtonLink href="/keys" variant="secondary" size="sm" className="mt-2">
            Create a key
          </ButtonLink>
        </li>
        <li>
          <p className="font-medium text-slate-900">2. Upload files</p>
          <p className="mt-1">Drop files into a collection here, or send them to the API: each processed file is charged once, failures are refunded.</p>
          <ButtonLink href="/upload" variant="secondary" size="sm" className="mt-2">
            Upload files
          </ButtonLink>
          <CodeBlock label="Submit a batch with curl">{submit}</CodeBlock>
        </li>
        <li>
          <p className="font-medium text-slate-900">3. Follow the batch, then search</p>
          <CodeBlock label="Follow a batch with curl">{follow}</CodeBlock>
          <p className="mt-2">
            Every endpoint is in the{" "}
            <a href="/docs/api" className="font-medium text-indigo-700 underline">
              API reference
            </a>
            .
          </p>
        </li>
      </ol>
    </Card>
  );
}
