import type { OpenApiDocument } from "@/lib/api/openapi";
import { schemaFields, type SchemaField } from "@/lib/api/schema-fields";

type Operation = OpenApiDocument["paths"][string][string];
type JsonSchema = Record<string, unknown>;

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  delete: "bg-rose-100 text-rose-800",
};

function FieldTable({ rows }: { rows: Array<SchemaField & { location?: string }> }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">None.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {rows.map((row) => (
        <li key={`${row.location ?? ""}${row.name}`} className="py-2">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <code className="font-mono font-medium break-all">{row.name}</code>
            <span className="text-xs break-all text-slate-500">{row.type}</span>
            {row.location && <span className="text-xs text-slate-500">in {row.location}</span>}
            {row.required && <span className="text-xs font-medium text-rose-700">required</span>}
          </div>
          {row.description && <p className="mt-0.5 text-slate-600">{row.description}</p>}
        </li>
      ))}
    </ul>
  );
}

function errorCodes(schema: JsonSchema): string[] {
  const error = (schema.properties as Record<string, JsonSchema> | undefined)?.error;
  const code = (error?.properties as Record<string, JsonSchema> | undefined)?.code;
  return (code?.enum as string[] | undefined) ?? [];
}

export function EndpointCard({ path, method, operation }: { path: string; method: string; operation: Operation }) {
  const params = operation.parameters.map((p) => ({ name: p.name, type: String(p.schema.type ?? "string"), required: p.required, description: p.description, location: p.in }));
  const body = operation.requestBody?.content as Record<string, { schema: JsonSchema }> | undefined;
  const [bodyType, bodyContent] = Object.entries(body ?? {})[0] ?? [];
  const responses = Object.entries(operation.responses as Record<string, { description: string; content: Record<string, { schema: JsonSchema }> }>);
  return (
    <section id={operation.operationId} className="mt-10 scroll-mt-4 rounded border border-slate-200 bg-white p-4 sm:p-6">
      <h2 className="flex flex-wrap items-center gap-2 text-lg font-medium">
        <span className={`rounded px-2 py-0.5 font-mono text-sm uppercase ${METHOD_COLOURS[method] ?? "bg-slate-100"}`}>{method}</span>
        <code className="font-mono break-all">{path}</code>
      </h2>
      <p className="mt-2 font-medium">{operation.summary}</p>
      {"description" in operation && operation.description && <p className="mt-2 text-slate-700">{operation.description}</p>}
      <p className="mt-2 text-sm text-slate-600">
        {operation["x-capability"] ? (
          <>
            API key with the <code className="rounded bg-slate-100 px-1">{operation["x-capability"]}</code> capability
          </>
        ) : (
          "No key needed"
        )}
      </p>
      <h3 className="mt-5 text-sm font-semibold tracking-wide text-slate-500 uppercase">Parameters</h3>
      <FieldTable rows={params} />
      {bodyContent && (
        <>
          <h3 className="mt-5 text-sm font-semibold tracking-wide text-slate-500 uppercase">Request body ({bodyType})</h3>
          <FieldTable rows={schemaFields(bodyContent.schema)} />
        </>
      )}
      <h3 className="mt-5 text-sm font-semibold tracking-wide text-slate-500 uppercase">Responses</h3>
      {responses.map(([status, response]) => {
        // JSON for all but a binary answer (a preview's image/webp).
        const [contentType, { schema }] = Object.entries(response.content)[0]!;
        const codes = errorCodes(schema);
        return (
          <div key={status} className="mt-3">
            <p className="text-sm">
              <span className="font-mono font-semibold">{status}</span> <span className="text-slate-700">{codes.length ? "" : response.description}</span>
              {contentType !== "application/json" && <code className="ml-1 rounded bg-slate-100 px-1">{contentType}</code>}
              {codes.map((code) => (
                <code key={code} className="mr-1 rounded bg-rose-50 px-1 text-rose-800">
                  {code}
                </code>
              ))}
            </p>
            {codes.length === 0 && <FieldTable rows={schemaFields(schema)} />}
          </div>
        );
      })}
    </section>
  );
}
