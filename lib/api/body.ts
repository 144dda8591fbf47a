import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Reads a JSON request body and validates it with the route's schema. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    throw new AppError("validation_error", "The request body must be a JSON object.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_error", "Invalid request body.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}
