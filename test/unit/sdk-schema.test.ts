import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generateSchemaSource, SCHEMA_FILE } from "@/sdk/generate";

describe("the generated SDK types", () => {
  it("match the OpenAPI document the server builds (run `npm run sdk:generate` after changing a route or schema)", async () => {
    const committed = await readFile(SCHEMA_FILE, "utf8");
    expect(committed).toBe(await generateSchemaSource());
  });
});
