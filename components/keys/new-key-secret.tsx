"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { CreatedApiKey } from "@/lib/api-keys/schemas";

/** The one time the secret is on screen: Tessera keeps only its hash. */
export function NewKeySecret({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return (
    <section aria-labelledby="new-key-title" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 shadow-sm">
      <h2 id="new-key-title" className="text-sm font-semibold text-emerald-950">
        Key “{apiKey.name}” created
      </h2>
      <p className="mt-1 text-sm font-medium text-amber-900">Copy it now: it will not be shown again. Tessera stores only a hash of it.</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code data-testid="new-key-secret" className="min-w-0 flex-1 break-all rounded-md border border-emerald-200 bg-white px-3 py-2 font-mono text-sm text-slate-900">
          {apiKey.secret}
        </code>
        <CopyButton value={apiKey.secret} label="Copy key" />
      </div>
      <p className="mt-3 text-sm text-emerald-950">
        Send it in the <code className="rounded bg-white px-1">X-Api-Key</code> header. Capabilities: {apiKey.capabilities.join(", ")}.
      </p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDone}>
        I have copied it
      </Button>
    </section>
  );
}
