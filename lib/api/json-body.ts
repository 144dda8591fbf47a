import type { z } from "zod";
import { MAX_BUFFERED_BODY_BYTES } from "@/lib/constants";
import { AppError } from "@/lib/errors";
import { firstIssue } from "./query";
import { assertCleanText } from "./text-rules";

/**
 * Reads a body as UTF-8 text, at most 1 MB. Refused from its Content-Length before reading,
 * and counted while streaming otherwise, so a chunked body cannot fill memory either.
 */
export async function readTextBody(request: Request, { what = "The body" }: { what?: string } = {}): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `${what} is larger than 1 MB.`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BUFFERED_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BUFFERED_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a JSON body (at most 1 MB) and validates it with the route's schema. The content is
 * what counts: clients that forget the Content-Type header still get a precise answer.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await readTextBody(request, { what: "The JSON body" });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("validation_error", "The body is not valid JSON.");
  }
  assertCleanText(json, "The request body");
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_error", `The request body is invalid${firstIssue(parsed.error.issues)}.`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}
