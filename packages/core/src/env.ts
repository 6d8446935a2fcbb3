import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import type { IngestLimits } from "./ingest/types";

const MB = 1024 * 1024;

/**
 * Settings that all have defaults: ingestion limits and job timings. Validated when this module is first imported
 * (a bad value stops the worker, the apps and the CLI at start-up with a message naming the variable), and safe to
 * import anywhere: unlike {@link coreEnv} they never need DATABASE_URL.
 *
 *   LORE_MAX_FILE_MB            largest file: an uploaded file, a zip entry once inflated, a file the CLI imports (25)
 *   LORE_ZIP_MAX_ENTRIES        most entries (files and folders) one zip archive may list (10000)
 *   LORE_ZIP_MAX_TOTAL_MB       most data all entries of one zip archive may inflate to (200)
 *   LORE_PARSE_TIMEOUT_SECONDS  longest one file may take to parse; past it the parse is stopped and the file fails,
 *                               the rest of its batch goes on (60)
 *   LORE_JOB_HEARTBEAT_SECONDS  a job whose worker sent no heartbeat for this long is retried elsewhere (30, >= 10)
 *   LORE_JOB_SUPERVISE_SECONDS  how often a worker looks for such jobs, and for expired ones (60)
 *   LORE_SEARCH_FUSION          how hybrid search merges its retrievers: relative_score or rrf (relative_score)
 *   LORE_SEARCH_VECTOR_WEIGHT   the vector retriever's share of the fusion, 0–1 (unset: 0.35 for relative_score
 *                               with the hashing embedder, otherwise 0.5; the keyword retriever gets the rest)
 */
const settingsSchema = {
  // At most 100, the most one upload (all its files) may carry: an upload travels as one base64 JSON request and
  // waits in the database, in parts, until its job ends (knowledge-base/imports/upload-parts.ts).
  LORE_MAX_FILE_MB: z.coerce
    .number({ error: "LORE_MAX_FILE_MB must be a number of megabytes, e.g. 25 or 0.5" })
    .positive("LORE_MAX_FILE_MB must be more than 0")
    .max(100, "LORE_MAX_FILE_MB can be at most 100 (the most one upload may carry)")
    .default(25),
  LORE_ZIP_MAX_ENTRIES: z.coerce
    .number({ error: "LORE_ZIP_MAX_ENTRIES must be a whole number" })
    .int("LORE_ZIP_MAX_ENTRIES must be a whole number")
    .min(1, "LORE_ZIP_MAX_ENTRIES must be at least 1")
    .max(1_000_000, "LORE_ZIP_MAX_ENTRIES can be at most 1000000")
    .default(10_000),
  LORE_ZIP_MAX_TOTAL_MB: z.coerce
    .number({ error: "LORE_ZIP_MAX_TOTAL_MB must be a number of megabytes, e.g. 200" })
    .positive("LORE_ZIP_MAX_TOTAL_MB must be more than 0")
    .max(100 * 1024, "LORE_ZIP_MAX_TOTAL_MB can be at most 102400 (100 GB)")
    .default(200),
  LORE_PARSE_TIMEOUT_SECONDS: z.coerce
    .number({ error: "LORE_PARSE_TIMEOUT_SECONDS must be a number of seconds, e.g. 60" })
    .positive("LORE_PARSE_TIMEOUT_SECONDS must be more than 0")
    .max(3600, "LORE_PARSE_TIMEOUT_SECONDS can be at most 3600 (an hour)")
    .default(60),
  LORE_JOB_HEARTBEAT_SECONDS: z.coerce
    .number({ error: "LORE_JOB_HEARTBEAT_SECONDS must be a whole number of seconds" })
    .int("LORE_JOB_HEARTBEAT_SECONDS must be a whole number of seconds")
    .min(10, "LORE_JOB_HEARTBEAT_SECONDS must be at least 10 (pg-boss's minimum)")
    .max(3600, "LORE_JOB_HEARTBEAT_SECONDS can be at most 3600")
    .default(30),
  LORE_JOB_SUPERVISE_SECONDS: z.coerce
    .number({ error: "LORE_JOB_SUPERVISE_SECONDS must be a whole number of seconds" })
    .int("LORE_JOB_SUPERVISE_SECONDS must be a whole number of seconds")
    .min(1, "LORE_JOB_SUPERVISE_SECONDS must be at least 1")
    .max(3600, "LORE_JOB_SUPERVISE_SECONDS can be at most 3600")
    .default(60),
  LORE_SEARCH_FUSION: z
    .enum(["relative_score", "rrf"], { error: "LORE_SEARCH_FUSION must be relative_score or rrf" })
    .default("relative_score"),
  LORE_SEARCH_VECTOR_WEIGHT: z.coerce
    .number({ error: "LORE_SEARCH_VECTOR_WEIGHT must be a number between 0 and 1, e.g. 0.35" })
    .min(0, "LORE_SEARCH_VECTOR_WEIGHT must be between 0 and 1")
    .max(1, "LORE_SEARCH_VECTOR_WEIGHT must be between 0 and 1")
    .optional(),
};

export type CoreSettings = ReturnType<typeof readSettings>;

/** Reads and validates the settings above from `source` (default: the environment); throws naming each bad variable. */
export function readSettings(source: Record<string, string | undefined> = process.env) {
  return createEnv({
    server: settingsSchema,
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    // No skipValidation: every variable has a default, so validating never needs a configured environment.
    onValidationError: (issues) => {
      throw new Error(`Invalid settings in the environment: ${issues.map((issue) => issue.message).join("; ")}.`);
    },
  });
}

/** The settings of this process. */
export const settings: CoreSettings = readSettings();

/** Ingestion limits (sizes in bytes, the parse time in milliseconds), from `s` (default: this process's settings). */
export function ingestLimits(s: CoreSettings = settings): IngestLimits {
  return {
    maxFileBytes: Math.max(1, Math.round(s.LORE_MAX_FILE_MB * MB)),
    maxZipEntries: s.LORE_ZIP_MAX_ENTRIES,
    maxZipTotalBytes: Math.max(1, Math.round(s.LORE_ZIP_MAX_TOTAL_MB * MB)),
    parseTimeoutMs: Math.max(1, Math.round(s.LORE_PARSE_TIMEOUT_SECONDS * 1000)),
  };
}

/** Timings of the job queue from `s` (default: this process's settings). */
export function jobTimings(s: CoreSettings = settings): { heartbeatSeconds: number; superviseIntervalSeconds: number } {
  return { heartbeatSeconds: s.LORE_JOB_HEARTBEAT_SECONDS, superviseIntervalSeconds: s.LORE_JOB_SUPERVISE_SECONDS };
}

/**
 * The settings only the worker (and a producer started without an explicit URL) need: DATABASE_URL is required, so
 * they are validated on first use rather than at import — importing the core must not need a database.
 */
function loadServerEnv() {
  return createEnv({
    server: {
      DATABASE_URL: z.string().min(1, "DATABASE_URL is not set: start Lore with `npm start`, or point it at your Postgres."),
      LORE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
    skipValidation: !!process.env.SKIP_ENV_VALIDATION,
  });
}

let serverEnv: ReturnType<typeof loadServerEnv> | undefined;

/** Settings of the job worker process; each is validated (all of them at once) when first read. */
export const coreEnv = {
  get DATABASE_URL(): string {
    return (serverEnv ??= loadServerEnv()).DATABASE_URL;
  },
  get LORE_WORKER_CONCURRENCY(): number {
    return (serverEnv ??= loadServerEnv()).LORE_WORKER_CONCURRENCY;
  },
};
