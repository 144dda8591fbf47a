import { AppError } from "@/lib/errors";
import { CollectionParams } from "./schemas";

/**
 * The collection name from a catch-all route segment. Each segment is decoded once more,
 * so an encoded '/' (%2F) works whether or not the router already decoded it: a valid name
 * cannot contain '%', so decoding a decoded name changes nothing.
 */
export function collectionNameFromSegments(segments: string | string[]): string {
  let joined: string;
  try {
    joined = (Array.isArray(segments) ? segments : [segments]).map((s) => decodeURIComponent(s)).join("/");
  } catch {
    throw new AppError("validation_error", "The collection name in the path is not valid URL encoding.");
  }
  const parsed = CollectionParams.safeParse({ id: joined });
  if (!parsed.success) {
    throw new AppError("validation_error", `Invalid collection name: ${parsed.error.issues[0]?.message ?? "not a collection name"}.`, {
      collection_id: joined,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data.id;
}
