import type { Metadata } from "next";
import Link from "next/link";
import { EndpointCard } from "@/components/api-reference/endpoint-card";
import { getOpenApiDocument } from "@/lib/api/get-openapi-document";

export const metadata: Metadata = { title: "API reference - Tessera" };

/** Rendered from the same OpenAPI document as GET /v1/openapi.json, so it cannot drift from the code. */
export default function ApiReferencePage() {
  const document = getOpenApiDocument();
  const endpoints = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  return (
    <main className="mx-auto max-w-4xl px-4 py-10 sm:px-6">
      <p className="text-sm">
        <Link href="/" className="text-sky-700 underline">
          Tessera
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">API reference</h1>
      <p className="mt-3 text-slate-700">{document.info.description}</p>
      <p className="mt-3 text-slate-700">
        Send the key in <code className="rounded bg-slate-200 px-1">X-Api-Key</code>. Machine-readable:{" "}
        <a href="/v1/openapi.json" className="text-sky-700 underline">
          /v1/openapi.json
        </a>{" "}
        (OpenAPI {document.openapi}).
      </p>
      <nav className="mt-8 rounded border border-slate-200 bg-white p-4">
        <ul className="space-y-1 text-sm">
          {endpoints.map(({ path, method, operation }) => (
            <li key={operation.operationId} className="break-all">
              <a href={`#${operation.operationId}`} className="text-sky-700 hover:underline">
                <span className="font-mono font-semibold uppercase">{method}</span> <span className="font-mono">{path}</span>
              </a>{" "}
              <span className="text-slate-600">{operation.summary}</span>
            </li>
          ))}
        </ul>
      </nav>
      {endpoints.map(({ path, method, operation }) => (
        <EndpointCard key={operation.operationId} path={path} method={method} operation={operation} />
      ))}
    </main>
  );
}
