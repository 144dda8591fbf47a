import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

export const IsoTime = z.iso.datetime().describe("ISO 8601 time, UTC");
/** Money in responses is in dollars; internally integer micro-dollars. */
export const Dollars = z.number().describe("US dollars");

/** The success envelope around a response's data. */
export function success<T extends z.ZodType, E extends z.ZodRawShape = Record<never, never>>(data: T, extra?: E) {
  const shape = { success: z.literal(true), data, ...extra } as { success: z.ZodLiteral<true>; data: T } & E;
  return z.object(shape);
}

export const NextCursor = z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page");

/** A list response: one page of `item`, newest first, and where the next page starts. */
export function cursorPage<T extends z.ZodType>(item: T) {
  return success(z.array(item), { next_cursor: NextCursor });
}

export const IdParams = z.object({ id: z.string().describe("The resource's id") });

/** The one error envelope; `codes` narrows `code` to those a response can carry. */
export function errorEnvelope(codes: readonly ErrorCode[] = Object.keys(ERROR_STATUS) as ErrorCode[]) {
  return z.object({
    success: z.literal(false),
    error: z.object({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  });
}
