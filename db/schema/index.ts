import { sql } from "drizzle-orm";
import {
  customType,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Postgres full-text vector; generated from the chunk text, never written by Tessera. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const micros = (name: string) => bigint(name, { mode: "number" });

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    // Denormalised from the ledger and changed only in the same transaction as a ledger row;
    // the CHECK is the last line of defence against an overdraft.
    balanceMicros: micros("balance_micros").notNull().default(0),
    /** Account-level webhook endpoint: receives batch.completed for every batch. */
    webhookUrl: text("webhook_url"),
    /** HMAC-SHA256 key for every webhook of the account (also per-batch callback_url); created on first need. */
    webhookSecret: text("webhook_secret"),
    createdAt: createdAt(),
  },
  (t) => [check("accounts_balance_non_negative", sql`${t.balanceMicros} >= 0`)],
);

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ["owner", "admin"] }).notNull().default("admin"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The visible start of the secret, shown in lists so a key can be recognised. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole secret: keys are 256-bit random, so a fast hash is enough. */
    hash: text("hash").notNull(),
    capabilities: text("capabilities").array().notNull(),
    rateLimitPerHour: integer("rate_limit_per_hour"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.hash), index("api_keys_account_idx").on(t.accountId)],
);

export const collections = pgTable(
  "collections",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    /** The user-facing collection_id, e.g. "department/project/type". */
    name: text("name").notNull(),
    /** Each embedding space remembers its provider, model and dimension on first use. */
    textProvider: text("text_provider"),
    textModel: text("text_model"),
    textDimension: integer("text_dimension"),
    visualProvider: text("visual_provider"),
    visualModel: text("visual_model"),
    visualDimension: integer("visual_dimension"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("collections_account_name_unique").on(t.accountId, t.name)],
);

export const batchStatuses = ["created", "running", "completed", "failed", "cancelled"] as const;
export type BatchStatus = (typeof batchStatuses)[number];

export const batches = pgTable(
  "batches",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    collectionId: text("collection_id").notNull().references(() => collections.id, { onDelete: "cascade" }),
    name: text("name"),
    status: text("status", { enum: batchStatuses }).notNull().default("created"),
    totalItems: integer("total_items").notNull(),
    forceOverwrite: boolean("force_overwrite").notNull().default(false),
    /** The effective batch options after precedence (metadata, chunking, callback). */
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default({}),
    chargedMicros: micros("charged_micros").notNull().default(0),
    refundedMicros: micros("refunded_micros").notNull().default(0),
    estimatedCompletionAt: timestamp("estimated_completion_at", { withTimezone: true }),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** When PUT /v1/batches/{id}/state cancelled it: no item starts after this; the batch ends `cancelled`. */
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [index("batches_account_created_idx").on(t.accountId, t.createdAt)],
);

export const itemStatuses = ["queued", "processing", "succeeded", "failed", "skipped_duplicate", "cancelled"] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export const batchItems = pgTable(
  "batch_items",
  {
    id: text("id").primaryKey(),
    batchId: text("batch_id").notNull().references(() => batches.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    filename: text("filename").notNull(),
    extension: text("extension").notNull(),
    mediaType: text("media_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    checksum: text("checksum").notNull(),
    status: text("status", { enum: itemStatuses }).notNull(),
    mediaId: text("media_id"),
    /**
     * A duplicate sent while its first copy was still queued or processing: it waits (queued, with
     * no job) and ends as that item ends, so it never points at content that failed.
     */
    duplicateOf: text("duplicate_of"),
    /** Where the upload waits on disk until processed; null once deleted. */
    uploadPath: text("upload_path"),
    chargedMicros: micros("charged_micros").notNull().default(0),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    chunksWritten: integer("chunks_written").notNull().default(0),
    vectorsWritten: integer("vectors_written").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    /** Attempts whose lease lapsed (the worker died or froze holding the item): the poison-item count. */
    lostWorkers: integer("lost_workers").notNull().default(0),
    /** A processing item whose lease lapsed belongs to a dead worker and is taken again. */
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    workerId: text("worker_id"),
    processingMs: integer("processing_ms"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("batch_items_batch_idx").on(t.batchId, t.position),
    index("batch_items_lease_idx").on(t.leaseExpiresAt).where(sql`${t.status} = 'processing'`),
    // The completion estimate counts the shared backlog on every submission.
    index("batch_items_active_idx").on(t.mediaType).where(sql`${t.status} in ('queued', 'processing')`),
    index("batch_items_timing_idx").on(t.mediaType, t.finishedAt).where(sql`${t.status} = 'succeeded'`),
    index("batch_items_duplicate_of_idx").on(t.duplicateOf).where(sql`${t.status} = 'queued'`),
  ],
);

export const mediaStatuses = ["pending", "ready"] as const;

export const media = pgTable(
  "media",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    collectionId: text("collection_id").notNull().references(() => collections.id, { onDelete: "cascade" }),
    batchId: text("batch_id"),
    filename: text("filename").notNull(),
    extension: text("extension").notNull(),
    mediaType: text("media_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    checksum: text("checksum").notNull(),
    /** 1 for the first media of a filename in a collection, +1 for each new content under that name. */
    revision: integer("revision").notNull().default(1),
    status: text("status", { enum: mediaStatuses }).notNull().default("pending"),
    chunkCount: integer("chunk_count").notNull().default(0),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    /** The client's attributes (batch_options.metadata merged with file_metadata, then PATCHes); copied onto every vector. */
    attributes: jsonb("attributes").$type<Record<string, string | number | boolean>>().notNull().default({}),
    /** The client's own id for the file; not unique (revisions of one document share it). */
    externalId: text("external_id"),
    /**
     * True while the collection holds a ready media of the same filename with a higher revision:
     * kept by a trigger (migration 0011) in the transaction that changes any of them, so search
     * reads it instead of comparing revisions on every query (lib/search/revisions.ts).
     */
    superseded: boolean("superseded").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("media_external_id_idx").on(t.accountId, t.externalId).where(sql`${t.externalId} is not null`),
    // Search keeps the latest ready revision of each filename per collection (lib/search/revisions.ts).
    index("media_collection_filename_idx").on(t.collectionId, t.filename, t.revision),
    index("media_superseded_idx").on(t.collectionId).where(sql`${t.superseded}`),
    // Deduplication within a collection relies on this being unique: the same bytes as .xlsx
    // and as .docx are two documents.
    uniqueIndex("media_collection_checksum_unique").on(t.collectionId, t.checksum, t.extension),
    index("media_account_idx").on(t.accountId, t.createdAt),
  ],
);

export const chunks = pgTable(
  "chunks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mediaId: text("media_id").notNull().references(() => media.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    collectionId: text("collection_id").notNull(),
    chunkIndex: integer("chunk_index").notNull(),
    text: text("text").notNull(),
    page: integer("page"),
    label: text("label"),
    startS: real("start_s"),
    endS: real("end_s"),
    tokenCount: integer("token_count").notNull(),
    // Lexical half of hybrid search, ranked by BM25 (db/queries/search.ts). One English
    // configuration: its parser already keeps a code such as "HX-7731" whole beside its parts,
    // and one configuration counts each word once (a second one doubled every unstemmed word's tf).
    tsv: tsvector("tsv").generatedAlwaysAs(sql`to_tsvector('english', "text")`),
  },
  (t) => [
    uniqueIndex("chunks_media_index_unique").on(t.mediaId, t.chunkIndex),
    index("chunks_tsv_idx").using("gin", t.tsv),
    index("chunks_collection_idx").on(t.collectionId),
  ],
);

/**
 * BM25's corpus statistics per collection, kept by triggers on `chunks` (migration 0006) in the
 * same statement, so the same transaction, that adds, deletes or moves chunks.
 */
export const collectionTextStats = pgTable("collection_text_stats", {
  collectionId: text("collection_id").primaryKey(),
  chunkCount: bigint("chunk_count", { mode: "number" }).notNull().default(0),
  /** Sum of chunks.token_count: the average chunk length is tokenTotal / chunkCount. */
  tokenTotal: bigint("token_total", { mode: "number" }).notNull().default(0),
});

/** Document frequency: how many of the collection's chunks hold each lexeme of chunks.tsv. */
export const collectionTermStats = pgTable(
  "collection_term_stats",
  {
    collectionId: text("collection_id").notNull(),
    term: text("term").notNull(),
    chunkCount: integer("chunk_count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.term] })],
);

/**
 * BM25 postings: one row per (collection, lexeme, chunk) with the term's frequency and the
 * chunk's length, kept by triggers on `chunks` (migration 0010) in the statement that writes the
 * chunks. Its primary key INCLUDEs tf and token_count (in the migration), so scoring a query term
 * is an index-only range scan instead of reading every candidate chunk's tsvector.
 */
export const chunkTerms = pgTable(
  "chunk_terms",
  {
    collectionId: text("collection_id").notNull(),
    term: text("term").notNull(),
    chunkId: bigint("chunk_id", { mode: "number" }).notNull(),
    tf: integer("tf").notNull(),
    tokenCount: integer("token_count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.term, t.chunkId] })],
);

export const ledgerTypes = ["topup", "charge", "refund", "adjustment"] as const;
export type LedgerType = (typeof ledgerTypes)[number];

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    type: text("type", { enum: ledgerTypes }).notNull(),
    /** Signed: credits positive, charges negative. */
    amountMicros: micros("amount_micros").notNull(),
    balanceAfterMicros: micros("balance_after_micros").notNull(),
    batchId: text("batch_id"),
    itemId: text("item_id"),
    /** An outside payment (a Stripe Checkout session id): credited at most once. */
    externalId: text("external_id"),
    description: text("description").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("ledger_account_idx").on(t.accountId, t.id),
    uniqueIndex("ledger_external_unique").on(t.externalId),
    // A failed or cancelled item is refunded once, whatever retries or races happen.
    uniqueIndex("ledger_item_refund_unique").on(t.itemId).where(sql`${t.type} = 'refund'`),
  ],
);

export const idempotencyRecords = pgTable(
  "idempotency_records",
  {
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    batchId: text("batch_id").notNull(),
    response: jsonb("response").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);

export * from "./webhooks";
export * from "./rate-limits";
export * from "./auth";
export * from "./billing";
export * from "./workers";
