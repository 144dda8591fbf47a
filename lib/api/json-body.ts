import type { z } from "zod";
import { AppError } from "@/lib/errors";

const MAX_JSON_BYTES = 1024 * 1024;

/**
 * Reads a JSON body (at most 1 MB) and validates it with the route's schema. The content is
 * what counts: clients that forget the Content-Type header still get a precise answer.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) throw new AppError("payload_too_large", "The JSON body is larger than 1 MB.");
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new AppError("payload_too_large", "The JSON body is larger than 1 MB.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("validation_error", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_error", "The request body is invalid.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}
