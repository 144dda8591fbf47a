import { z } from "zod";
import { BalanceResponse, TransactionListResponse, TransactionsQuery } from "@/lib/billing/schemas";
import {
  BatchCreatedResponse,
  BatchListResponse,
  BatchResultsResponse,
  BatchStateBody,
  BatchStateResponse,
  BatchStatusQuery,
  BatchStatusResponse,
  ListBatchesQuery,
  SubmitBatchMultipart,
} from "@/lib/batches/schemas";
import { DEFAULT_RATE_LIMIT_PER_HOUR } from "@/lib/constants";
import { HealthResponse, StatusResponse } from "@/lib/status/schemas";
import { IdParams } from "./envelope";
import { Pagination } from "./query";
import { COLLECTION_ROUTES, MEDIA_ROUTES } from "@/lib/media/route-specs";
import { SEARCH_ROUTES } from "@/lib/search/route-specs";
import type { ApiRouteSpec } from "./route-spec";

const OpenApiDocumentSchema = z.record(z.string(), z.unknown()).describe("An OpenAPI 3.1 document");

/** Every public endpoint; each area describes its own routes next to its schemas. */
const CORE_ROUTES: ApiRouteSpec[] = [
  {
    method: "post",
    path: "/v1/batches",
    summary: "Submit a batch of files",
    description:
      "Streams the files to disk, checks them, and in one transaction deduplicates by checksum and type, charges the estimate and queues the work. Duplicates in the collection or earlier in the batch are free unless force_overwrite is set; a duplicate of a file still being processed waits for it and ends as it ends. Retrying with the same Idempotency-Key returns the first answer and charges once.",
    capability: "write",
    headers: z.object({ "Idempotency-Key": z.string().max(255).optional().describe("Makes a retried submission charge once") }),
    multipart: SubmitBatchMultipart,
    response: BatchCreatedResponse,
    errors: ["validation_error", "invalid_media", "insufficient_funds", "idempotency_conflict", "payload_too_large"],
  },
  {
    method: "get",
    path: "/v1/batches",
    summary: "List batches",
    description: "The account's batches, newest first, with cursor pagination.",
    capability: "read",
    query: ListBatchesQuery,
    response: BatchListResponse,
    errors: ["validation_error"],
  },
  {
    method: "get",
    path: "/v1/batches/{id}",
    summary: "Get a batch's status",
    description:
      "With wait=N (at most 30) the answer is held until the batch's status or its finished-item counts change, or N seconds pass: follow a batch with one request per change instead of polling. Webhooks tell the end without any request.",
    capability: "read",
    params: IdParams,
    query: BatchStatusQuery,
    response: BatchStatusResponse,
    errors: ["validation_error", "not_found"],
  },
  {
    method: "get",
    path: "/v1/batches/{id}/results",
    summary: "Get a batch's per-file results",
    capability: "read",
    params: IdParams,
    query: Pagination,
    response: BatchResultsResponse,
    errors: ["validation_error", "not_found"],
  },
  {
    method: "put",
    path: "/v1/batches/{id}/state",
    summary: "Cancel a batch",
    description:
      "Queued items are cancelled and refunded, once. Items already running finish (and are charged or, if they fail, refunded); the batch turns `cancelled` when the last of them ends, at once when none runs, and stays `cancelled` whatever they became. Repeating the cancel is harmless: 200, the same state, no second refund. Cancelling a batch that already ended (completed or failed) changes nothing and answers 200 with its final status and `cancelled_at: null`.",
    capability: "write",
    params: IdParams,
    body: BatchStateBody,
    response: BatchStateResponse,
    errors: ["validation_error", "not_found"],
  },
  {
    method: "get",
    path: "/v1/balance",
    summary: "Get the account balance",
    capability: "read",
    response: BalanceResponse,
    errors: [],
  },
  {
    method: "get",
    path: "/v1/transactions",
    summary: "List ledger transactions",
    description: "Top-ups, charges, refunds and adjustments, newest first, with cursor pagination. Amounts are signed dollars.",
    capability: "read",
    query: TransactionsQuery,
    response: TransactionListResponse,
    errors: ["validation_error"],
  },
  {
    method: "get",
    path: "/v1/status",
    summary: "Service status, capabilities and this key's limits",
    capability: "read",
    response: StatusResponse,
    errors: [],
  },
  {
    method: "get",
    path: "/v1/openapi.json",
    summary: "This API's OpenAPI 3.1 document",
    description: "Public, like the reference page at /docs/api that is built from it.",
    capability: null,
    response: OpenApiDocumentSchema,
    errors: [],
  },
  {
    method: "get",
    path: "/health",
    summary: "Liveness, without a key",
    description: "200 when PostgreSQL and Chroma answer, 503 with the same body otherwise.",
    capability: null,
    response: HealthResponse,
    errors: [],
    otherResponses: { 503: { description: "A component is down", schema: HealthResponse } },
  },
];

export const API_ROUTES: ApiRouteSpec[] = [...CORE_ROUTES, ...MEDIA_ROUTES, ...COLLECTION_ROUTES, ...SEARCH_ROUTES];

export const RATE_LIMIT_NOTE = `Every key is limited to ${DEFAULT_RATE_LIMIT_PER_HOUR} requests an hour unless an operator sets its own limit.`;
