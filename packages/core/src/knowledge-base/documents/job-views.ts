/** Ingestion jobs as the admin console shows them: progress, errors, the files' names. */
import { Prisma, type PrismaClient, type RunStatus } from "@lore/db";
import type { IngestErrorJson } from "../../ingest/types";
import { DocumentError } from "./views";

interface JobRow {
  id: string;
  kind: string;
  status: RunStatus;
  files_total: number;
  files_done: number;
  files_failed: number;
  chunks_total: number;
  chunks_embedded: number;
  errors: unknown;
  file_names: unknown;
  document_id: string | null;
  created_by_id: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toJob(r: JobRow) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    filesTotal: r.files_total,
    filesDone: r.files_done,
    filesFailed: r.files_failed,
    chunksTotal: r.chunks_total,
    chunksEmbedded: r.chunks_embedded,
    errors: (Array.isArray(r.errors) ? r.errors : []) as IngestErrorJson[],
    fileNames: (Array.isArray(r.file_names) ? r.file_names : []) as string[],
    documentId: r.document_id,
    createdById: r.created_by_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type IngestionJobView = ReturnType<typeof toJob>;

// Only what a listing shows of `input`: the files' names and the reindexed document.
const jobColumns = Prisma.sql`
  id, kind, status, files_total, files_done, files_failed, chunks_total, chunks_embedded, errors,
  jsonb_path_query_array(input, '$.files[*].name') AS file_names, input->>'documentId' AS document_id,
  created_by_id, started_at, finished_at, created_at, updated_at`;

/** One ingestion job's progress, or NOT_FOUND. */
export async function getIngestionJob(db: PrismaClient, id: string): Promise<IngestionJobView> {
  const rows = await db.$queryRaw<JobRow[]>`SELECT ${jobColumns} FROM ingestion_jobs WHERE id = ${id}`;
  if (!rows[0]) throw new DocumentError("NOT_FOUND", "That ingestion job does not exist.");
  return toJob(rows[0]);
}

/** Ingestion jobs, newest first (cursor = the last job's id). */
export async function listIngestionJobs(db: PrismaClient, params: { status?: RunStatus; limit?: number; cursor?: string } = {}) {
  const limit = params.limit ?? 50;
  const cursorRow = params.cursor
    ? await db.ingestionJob.findUnique({ where: { id: params.cursor }, select: { createdAt: true, id: true } })
    : null;
  // Not the first page again, which a client would append to what it has.
  if (params.cursor && !cursorRow)
    throw new DocumentError("NOT_FOUND", "That page of jobs is gone (the job it continued from no longer exists). Reload the list.");
  const rows = await db.$queryRaw<JobRow[]>`
    SELECT ${jobColumns} FROM ingestion_jobs
    WHERE (${params.status ?? null}::run_status IS NULL OR status = ${params.status ?? null}::run_status)
      AND (${cursorRow?.createdAt ?? null}::timestamptz IS NULL OR (created_at, id) < (${cursorRow?.createdAt ?? null}::timestamptz, ${cursorRow?.id ?? ""}))
    ORDER BY created_at DESC, id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map(toJob);
  return { items: page, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

/** One file of an import job as the upload view shows it (./imports/job-files.ts). */
export interface JobFileView {
  ordinal: number;
  name: string;
  sizeBytes: number;
  stage: "queued" | "parsing" | "embedding" | "ready" | "failed";
  documents: number;
  chunksTotal: number;
  chunksEmbedded: number;
  errorCode: string | null;
  errorMessage: string | null;
  updatedAt: Date;
}

/**
 * An import job's files in order, `limit` at a time after `afterOrdinal`, with the job's own progress: what the
 * upload view polls while the job runs.
 */
export async function listJobFiles(db: PrismaClient, params: { jobId: string; afterOrdinal?: number; limit?: number }) {
  const job = await getIngestionJob(db, params.jobId);
  const limit = params.limit ?? 500;
  const rows = await db.ingestionJobFile.findMany({
    where: { jobId: params.jobId, ...(params.afterOrdinal === undefined ? {} : { ordinal: { gt: params.afterOrdinal } }) },
    orderBy: { ordinal: "asc" },
    take: limit + 1,
    select: {
      ordinal: true,
      name: true,
      sizeBytes: true,
      stage: true,
      documents: true,
      chunksTotal: true,
      chunksEmbedded: true,
      errorCode: true,
      errorMessage: true,
      updatedAt: true,
    },
  });
  const page = rows.slice(0, limit) as JobFileView[];
  return { job, items: page, nextOrdinal: rows.length > limit ? page.at(-1)!.ordinal : null };
}

/**
 * The import jobs an admin coming back to the upload page wants to see: every one still queued or running, and
 * those that ended in the last day, newest first, with their files counted by stage.
 */
export async function listActiveJobs(db: PrismaClient, params: { limit?: number } = {}) {
  const limit = params.limit ?? 20;
  const rows = await db.$queryRaw<(JobRow & { stages: unknown })[]>`
    SELECT ${jobColumns},
      (SELECT COALESCE(jsonb_object_agg(stage, n), '{}'::jsonb)
         FROM (SELECT stage, count(*)::int AS n FROM ingestion_job_files f WHERE f.job_id = j.id GROUP BY stage) s) AS stages
    FROM ingestion_jobs j
    WHERE kind = 'import' AND (status IN ('queued', 'running') OR created_at > now() - interval '1 day')
    ORDER BY created_at DESC, id DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({ ...toJob(r), stages: (r.stages ?? {}) as Partial<Record<JobFileView["stage"], number>> }));
}
