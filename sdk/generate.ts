import { writeFile } from "node:fs/promises";
import path from "node:path";
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";
import { getOpenApiDocument } from "@/lib/api/get-openapi-document";

/** Where the generated types live: committed, and checked against a fresh generation by test/unit/sdk-schema.test.ts. */
export const SCHEMA_FILE = path.resolve(import.meta.dirname, "schema.ts");

/** The TypeScript types of GET /v1/openapi.json, built from the same route list the server serves. */
export async function generateSchemaSource(): Promise<string> {
  const ast = await openapiTS(getOpenApiDocument() as unknown as OpenAPI3, { exportType: true });
  return `${COMMENT_HEADER}// Regenerate with \`npm run sdk:generate\`; test/unit/sdk-schema.test.ts fails when this file is stale.\n\n${astToString(ast)}`;
}

// `npm run sdk:generate`
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await writeFile(SCHEMA_FILE, await generateSchemaSource());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
