import type { ApiRouteSpec } from "@/lib/api/route-spec";
import { CollectionDeletedResponse, CollectionListResponse, CollectionParams, MediaMovedResponse, MoveMediaBody } from "@/lib/collections/schemas";
import {
  DeleteMediaBatchBody,
  MediaBatchDeletedResponse,
  MediaCreatedResponse,
  MediaDeletedResponse,
  MediaDetailResponse,
  MediaGetQuery,
  MediaIdParams,
  MediaListQuery,
  MediaListResponse,
  MediaUploadFields,
} from "./schemas";

/** /v1/media and /v1/media/collections, for GET /v1/openapi.json; the handlers parse with these same schemas. */
export const MEDIA_ROUTES: ApiRouteSpec[] = [
  {
    method: "post",
    path: "/v1/media",
    summary: "Upload one file: processed as a batch of one (same fields and options as POST /v1/batches)",
    capability: "write",
    multipart: MediaUploadFields,
    response: MediaCreatedResponse,
    errors: ["validation_error", "invalid_media", "insufficient_funds", "idempotency_conflict", "payload_too_large"],
  },
  {
    method: "get",
    path: "/v1/media",
    summary: "List the account's media, newest first",
    capability: "read",
    query: MediaListQuery,
    response: MediaListResponse,
    errors: ["validation_error"],
  },
  {
    method: "get",
    path: "/v1/media/{id}",
    summary: "One media item, optionally with its chunks",
    capability: "read",
    params: MediaIdParams,
    query: MediaGetQuery,
    response: MediaDetailResponse,
    errors: ["validation_error", "not_found"],
  },
  {
    method: "delete",
    path: "/v1/media/{id}",
    summary: "Delete a media item with its chunks and vectors (refused while it is queued or processing)",
    capability: "delete",
    params: MediaIdParams,
    response: MediaDeletedResponse,
    errors: ["validation_error", "not_found"],
  },
  {
    method: "delete",
    path: "/v1/media/batch",
    summary: "Delete up to 100 media items; those that cannot be deleted are listed in failures",
    capability: "delete",
    body: DeleteMediaBatchBody,
    response: MediaBatchDeletedResponse,
    errors: ["validation_error"],
  },
];

export const COLLECTION_ROUTES: ApiRouteSpec[] = [
  {
    method: "get",
    path: "/v1/media/collections",
    summary: "The account's collections with ready items, chunks and creation time",
    capability: "read",
    response: CollectionListResponse,
    errors: [],
  },
  {
    method: "post",
    path: "/v1/media/collections/{id}/items",
    summary: "Move media into a collection (created if missing), all or nothing",
    capability: "write",
    params: CollectionParams,
    body: MoveMediaBody,
    response: MediaMovedResponse,
    errors: ["validation_error", "not_found"],
  },
  {
    method: "delete",
    path: "/v1/media/collections/{id}",
    summary: "Delete a collection with its media, chunks, batches and vectors (refused while items are queued or processing)",
    capability: "delete",
    params: CollectionParams,
    response: CollectionDeletedResponse,
    errors: ["validation_error", "not_found"],
  },
];
