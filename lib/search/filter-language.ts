import type { Where } from "chromadb";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { MAX_FILTER_CONDITIONS, MAX_FILTER_DEPTH, MAX_FILTER_LIST } from "@/lib/constants";
import { attributeKeyProblem, AttributeValue, TYPE_MARKERS, typeMarkerKey } from "@/lib/media/attributes";

/**
 * The search filter language: comparisons on attributes and built-in fields, combined with
 * and / or / not. One parsed filter compiles to Chroma's `where` (vector side) and to SQL
 * (full-text side) with the same meaning, which is the SQL one on `media.attributes`:
 *
 * - `eq`, `in` match a value of the same type (5 and 5.0 are one number); `ne`, `nin` are their
 *   negation, so they match media lacking the key or holding another type.
 * - `gt`, `gte`, `lt`, `lte` take numbers (dates for created_at) and match numbers only.
 * - `exists` true: the media has the key; false: it has not. `not` negates anything.
 *
 * Chroma has no $not and no $exists, and compares a fractional query against stored integers
 * after cutting the query to an integer (5.5 "equals" 5). So `not` is pushed down to the leaves
 * (De Morgan), each vector carries a type marker per attribute (`_t_<key>`: s, b, i, f; see
 * lib/media/attributes.ts), and fractions are compared against doubles only, with the integer
 * side rewritten exactly (x > 5.5 is x > 5 for integers). The collection is known per Chroma
 * collection, so conditions on it fold to true or false there.
 */

export const BUILT_IN_FIELDS = ["media_type", "filename", "collection", "created_at"] as const;
type BuiltIn = (typeof BUILT_IN_FIELDS)[number];
const OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "exists"] as const;
type Op = (typeof OPS)[number];
type Scalar = string | number | boolean;

const ORDER_OPS = new Set<Op>(["gt", "gte", "lt", "lte"]);
const LIST_OPS = new Set<Op>(["in", "nin"]);

export const FilterComparison = z
  .strictObject({
    attribute: z.string().optional().describe("An attribute key (batch_options.metadata, file_metadata, PATCH)"),
    field: z.enum(BUILT_IN_FIELDS).optional().describe("A built-in field; created_at compares ISO 8601 times to the second"),
    op: z.enum(OPS),
    value: z
      .union([AttributeValue, z.array(AttributeValue).min(1).max(MAX_FILTER_LIST)])
      .describe(`eq, ne: a string, number or boolean; gt, gte, lt, lte: a number (an ISO time for created_at); in, nin: 1-${MAX_FILTER_LIST} values of one type; exists: true or false`),
  })
  .superRefine((c, ctx) => {
    const problem = comparisonProblem(c);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe("One comparison: exactly one of attribute or field");
export type FilterComparison = z.infer<typeof FilterComparison>;

export type FilterExpression = FilterComparison | { and: FilterExpression[] } | { or: FilterExpression[] } | { not: FilterExpression };

export const FilterExpression: z.ZodType<FilterExpression> = z
  .lazy(() =>
    z.union([
      FilterComparison,
      z.strictObject({ and: z.array(FilterExpression).min(1).max(MAX_FILTER_CONDITIONS) }),
      z.strictObject({ or: z.array(FilterExpression).min(1).max(MAX_FILTER_CONDITIONS) }),
      z.strictObject({ not: FilterExpression }),
    ]),
  )
  .superRefine((f, ctx) => {
    const { conditions, depth } = measure(f);
    if (conditions > MAX_FILTER_CONDITIONS) ctx.addIssue({ code: "custom", message: `at most ${MAX_FILTER_CONDITIONS} comparisons` });
    if (depth > MAX_FILTER_DEPTH) ctx.addIssue({ code: "custom", message: `at most ${MAX_FILTER_DEPTH} levels of and/or/not` });
  })
  .meta({ id: "FilterExpression", description: 'A comparison {"attribute" | "field", "op", "value"}, or {"and": [...]}, {"or": [...]}, {"not": {...}}' });

function measure(f: FilterExpression): { conditions: number; depth: number } {
  if ("not" in f) {
    const inner = measure(f.not);
    return { conditions: inner.conditions, depth: inner.depth + 1 };
  }
  const list = "and" in f ? f.and : "or" in f ? f.or : null;
  if (!list) return { conditions: 1, depth: 0 };
  const parts = list.map(measure);
  return { conditions: parts.reduce((n, p) => n + p.conditions, 0), depth: 1 + Math.max(...parts.map((p) => p.depth)) };
}

function comparisonProblem(c: { attribute?: string | undefined; field?: BuiltIn | undefined; op: Op; value: Scalar | Scalar[] }): string | null {
  if ((c.attribute === undefined) === (c.field === undefined)) return "name exactly one of attribute or field";
  if (c.attribute !== undefined) {
    const problem = attributeKeyProblem(c.attribute);
    if (problem) return `${problem}; built-in names go in field`;
  }
  const list = Array.isArray(c.value) ? c.value : null;
  if (LIST_OPS.has(c.op)) {
    if (!list) return `${c.op} takes a list of values`;
    if (new Set(list.map((v) => typeof v)).size > 1) return `${c.op} takes values of one type`;
  } else if (list) return `${c.op} takes one value`;
  if (c.op === "exists" && typeof c.value !== "boolean") return "exists takes true or false";
  if (c.field === "created_at") {
    if (LIST_OPS.has(c.op)) return "created_at takes eq, ne, gt, gte, lt, lte or exists";
    if (c.op !== "exists" && (typeof c.value !== "string" || !z.iso.datetime({ offset: true }).safeParse(c.value).success)) return "created_at compares with an ISO 8601 date-time";
  } else if (c.field !== undefined) {
    if (ORDER_OPS.has(c.op)) return `${c.field} takes eq, ne, in, nin or exists`;
    if (c.op !== "exists" && (list ?? [c.value]).some((v) => typeof v !== "string")) return `${c.field} compares with strings`;
  } else if (ORDER_OPS.has(c.op) && typeof c.value !== "number") return `${c.op} compares numbers`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Vector side: a small boolean algebra, folded, then written as Chroma's where.

type Expr = boolean | { where: Where } | { and: Expr[] } | { or: Expr[] };

/** and / or with constants folded: `absorbing` (false for and, true for or) decides the whole. */
const combine =
  (kind: "and" | "or", absorbing: boolean) =>
  (items: Expr[]): Expr => {
    const kept: Expr[] = [];
    for (const item of items) {
      if (item === absorbing) return absorbing;
      if (item !== !absorbing) kept.push(item);
    }
    if (kept.length === 0) return !absorbing;
    return kept.length === 1 ? kept[0]! : ({ [kind]: kept } as Expr);
  };
const all = combine("and", false);
const any = combine("or", true);
const atom = (key: string, op: string, value: Scalar | Scalar[]): Expr => ({ where: { [key]: { [op]: value } } as Where });

const NEGATED: Record<Op, Op> = { eq: "ne", ne: "eq", in: "nin", nin: "in", gt: "lte", gte: "lt", lt: "gte", lte: "gt", exists: "exists" };
/** The comparison an integer x passes exactly when it passes `op` against the fraction v. */
const INTEGER_SIDE: Record<"gt" | "gte" | "lt" | "lte", "gt" | "lte"> = { gt: "gt", gte: "gt", lt: "lte", lte: "lte" };

function toWhere(expr: Exclude<Expr, boolean>): Where {
  if ("where" in expr) return expr.where;
  if ("and" in expr) return { $and: expr.and.map((e) => toWhere(e as Exclude<Expr, boolean>)) };
  return { $or: expr.or.map((e) => toWhere(e as Exclude<Expr, boolean>)) };
}

/** The filter as Chroma's where for one collection: true (no condition), false (nothing can match) or a where. */
export function chromaWhereOf(filter: FilterExpression, collectionName: string): Where | boolean {
  const expr = vectorExpr(filter, false, collectionName);
  return typeof expr === "boolean" ? expr : toWhere(expr);
}

function vectorExpr(f: FilterExpression, negated: boolean, collection: string): Expr {
  if ("not" in f) return vectorExpr(f.not, !negated, collection);
  if ("and" in f) return (negated ? any : all)(f.and.map((g) => vectorExpr(g, negated, collection)));
  if ("or" in f) return (negated ? all : any)(f.or.map((g) => vectorExpr(g, negated, collection)));
  const op = negated ? NEGATED[f.op] : f.op;
  const value = f.op === "exists" && negated ? !f.value : f.value;
  if (f.field !== undefined) return builtInVector(f.field, op, value, collection);
  // not (x > 5) also holds where x is missing or not a number; Chroma's $lte alone would skip those.
  if (negated && ORDER_OPS.has(f.op)) return any([atom(typeMarkerKey(f.attribute!), "$nin", ["i", "f"]), attributeVector(f.attribute!, op, value)]);
  return attributeVector(f.attribute!, op, value);
}

function builtInVector(field: BuiltIn, op: Op, value: Scalar | Scalar[], collection: string): Expr {
  if (op === "exists") return value === true; // every media has every built-in field
  if (field === "collection") {
    const names = Array.isArray(value) ? value : [value];
    const inside = names.includes(collection);
    return op === "eq" || op === "in" ? inside : !inside;
  }
  if (field === "created_at") return atom("created_at", `$${op}`, epochSeconds(value as string));
  return atom(field, `$${op}`, value);
}

function attributeVector(key: string, op: Op, value: Scalar | Scalar[]): Expr {
  const marker = typeMarkerKey(key);
  if (op === "exists") return atom(marker, value ? "$in" : "$nin", TYPE_MARKERS);
  if (LIST_OPS.has(op)) {
    const values = value as Scalar[];
    const fractions = values.filter(isFraction);
    const exact = values.filter((v) => !isFraction(v));
    const positive = op === "in";
    // Exact values (strings, booleans, integers) compare strictly by type in Chroma; fractions only against doubles.
    const parts: Expr[] = [];
    if (exact.length) parts.push(atom(key, positive ? "$in" : "$nin", exact));
    if (fractions.length) parts.push(positive ? all([atom(marker, "$eq", "f"), atom(key, "$in", fractions)]) : any([atom(marker, "$ne", "f"), atom(key, "$nin", fractions)]));
    return (positive ? any : all)(parts);
  }
  if (op === "eq" || op === "ne") {
    if (!isFraction(value as Scalar)) return atom(key, `$${op}`, value);
    return op === "eq" ? all([atom(marker, "$eq", "f"), atom(key, "$eq", value)]) : any([atom(marker, "$ne", "f"), atom(key, "$ne", value)]);
  }
  // gt, gte, lt, lte: Chroma matches numbers only, like jsonpath on the SQL side.
  const v = value as number;
  const order = op as "gt" | "gte" | "lt" | "lte";
  if (!isFraction(v)) return atom(key, `$${order}`, v);
  return any([all([atom(marker, "$eq", "f"), atom(key, `$${order}`, v)]), all([atom(marker, "$eq", "i"), atom(key, `$${INTEGER_SIDE[order]}`, Math.floor(v))])]);
}

const isFraction = (v: Scalar): v is number => typeof v === "number" && !Number.isInteger(v);
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

// ---------------------------------------------------------------------------------------------
// Full-text side: SQL over `m` (the media row joined in db/queries/search.ts), two-valued.

export function sqlOf(filter: FilterExpression, collections: ReadonlyArray<{ id: string; name: string }>): SQL {
  if ("not" in filter) return sql`(not ${sqlOf(filter.not, collections)})`;
  if ("and" in filter) return sql`(${sql.join(filter.and.map((f) => sqlOf(f, collections)), sql` and `)})`;
  if ("or" in filter) return sql`(${sql.join(filter.or.map((f) => sqlOf(f, collections)), sql` or `)})`;
  const { op, value } = filter;
  if (op === "exists") {
    const has = filter.field !== undefined ? sql`true` : sql`jsonb_exists(m.attributes, ${filter.attribute!})`;
    return value ? has : sql`(not ${has})`;
  }
  if (op === "ne" || op === "nin") return sql`(not ${sqlOf({ ...filter, op: op === "ne" ? "eq" : "in" }, collections)})`;
  const values = Array.isArray(value) ? value : [value];
  if (filter.field === "collection") {
    const ids = collections.filter((c) => values.includes(c.name)).map((c) => c.id);
    return ids.length ? sql`m.collection_id in ${ids}` : sql`false`;
  }
  if (filter.field === "created_at") return sql`(floor(extract(epoch from m.created_at))::bigint ${sql.raw(SQL_ORDER[op]!)} ${epochSeconds(value as string)})`;
  if (filter.field !== undefined) return sql`m.${sql.raw(filter.field)} in ${values}`;
  const key = filter.attribute!;
  if (op === "eq" || op === "in") return sql`(${sql.join(values.map((v) => sql`m.attributes @> ${JSON.stringify({ [key]: v })}::jsonb`), sql` or `)})`;
  // Keys are letters, digits, _ . - (attributeKeyProblem), so quoting them in a jsonpath is safe.
  return sql`jsonb_path_exists(m.attributes, ${`$."${key}" ? (@ ${SQL_ORDER[op]!} $v)`}::jsonpath, ${JSON.stringify({ v: value })}::jsonb)`;
}

const SQL_ORDER: Record<string, string> = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" };

/** The simple `filters.metadata` (exact matches) as comparisons of the language. */
export function metadataComparisons(metadata: Record<string, Scalar>): FilterComparison[] {
  return Object.entries(metadata).map(([attribute, value]) => ({ attribute, op: "eq", value }));
}
