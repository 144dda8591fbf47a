type JsonSchema = Record<string, unknown>;

export interface SchemaField {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

function typeOf(schema: JsonSchema): string {
  // A shared schema (components.schemas, e.g. the recursive FilterExpression) reads by its name.
  if (typeof schema.$ref === "string") return schema.$ref.split("/").at(-1)!;
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(" | ");
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(" | ") : String(schema.type ?? "any");
  if (schema.type === "array" && schema.items) return `array of ${typeOf(schema.items as JsonSchema)}`;
  if (schema.format === "binary") return "file";
  return schema.format && schema.format !== "binary" ? `${type} (${String(schema.format)})` : type;
}

/**
 * Flattens a JSON Schema object into dotted field rows for the reference page:
 * `data.cost.charged`, `data.items[].status`.
 */
export function schemaFields(schema: JsonSchema, prefix = "", depth = 0): SchemaField[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows: SchemaField[] = [];
  for (const [key, child] of Object.entries(properties)) {
    const name = prefix ? `${prefix}.${key}` : key;
    rows.push({ name, type: typeOf(child), required: required.has(key), ...(typeof child.description === "string" && { description: child.description }) });
    if (depth >= 4) continue;
    if (child.properties) rows.push(...schemaFields(child, name, depth + 1));
    const items = child.items as JsonSchema | undefined;
    if (child.type === "array" && items?.properties) rows.push(...schemaFields(items, `${name}[]`, depth + 1));
  }
  return rows;
}
