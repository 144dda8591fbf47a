import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Reads a JSON request body and parses it with the route's zod schema; anything else is a validation_error. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/json")) {
    throw new AppError("validation_error", "Content-Type must be application/json.", { received: contentType || null });
  }
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    throw new AppError("validation_error", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_error", "Invalid request body.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}
