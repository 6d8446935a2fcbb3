/**
 * Keeps the job rows people see (`ingestion_jobs`) in step with the queue that runs them (pg-boss).
 *
 * A row normally ends through its handler (succeeded, failed, canceled). Two things end a queue job without
 * the handler having its say, and would leave the row "queued" or "running" for ever, holding its uploaded
 * bytes:
 * - the worker is killed (or stalls past its heartbeat) on the job's last attempt: the queue's supervisor fails
 *   the job, and no handler runs again;
 * - the process that created the row dies between storing the upload and sending the queue job: nothing will
 *   ever run it (the sweep in ./upload-parts.ts already fails those whose bytes are incomplete).
 * {@link reconcileJobs} looks up the queue job of every row that has been quiet for a while and ends the row
 * when its queue job is over or was never sent. Run by the hourly maintenance.
 */
import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import { INGEST_QUEUE, REEMBED_QUEUE } from "../queue/queue";
import { INTERRUPTED_UPLOAD_AFTER_MS, UPLOAD_INTERRUPTED_ERROR } from "../knowledge-base/imports/upload-parts";

/** A row whose progress has not moved for this long is checked against the queue. */
export const QUIET_JOB_AFTER_MS = 15 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALIVE = new Set(["created", "retry", "active"]);

export interface ReconcileResult {
  /** Rows whose queue job had ended (failed for good, or gone) without them: now failed. */
  lost: number;
  /** Rows never sent to the queue, over an hour old: now failed. */
  unsent: number;
  /** Rows whose queue job was there but whose queue id had not been recorded: recorded. */
  relinked: number;
}

export async function reconcileJobs(db: PrismaClient, boss: PgBoss, now = new Date()): Promise<ReconcileResult> {
  const result: ReconcileResult = { lost: 0, unsent: 0, relinked: 0 };
  const rows = await db.ingestionJob.findMany({
    where: { status: { in: ["queued", "running"] }, updatedAt: { lt: new Date(now.getTime() - QUIET_JOB_AFTER_MS) } },
    select: { id: true, kind: true, queueJobId: true, createdAt: true },
  });
  for (const row of rows) {
    const queue = row.kind === "reembed" ? REEMBED_QUEUE : INGEST_QUEUE;
    const queueId = row.queueJobId ?? row.id; // jobs are sent with the row's id as their queue id
    const [queued] = UUID.test(queueId) ? await boss.findJobs(queue, { id: queueId }) : [];
    if (queued && ALIVE.has(queued.state)) {
      if (row.queueJobId === null) {
        await db.ingestionJob.updateMany({ where: { id: row.id, queueJobId: null }, data: { queueJobId: queued.id } });
        result.relinked += 1;
      }
      continue;
    }
    let error: { code: string; file: string; message: string };
    if (!queued && row.queueJobId === null) {
      // Never sent: the process storing it died. Wait as long as an upload may take to be written.
      if (row.createdAt.getTime() > now.getTime() - INTERRUPTED_UPLOAD_AFTER_MS) continue;
      error =
        row.kind === "import"
          ? UPLOAD_INTERRUPTED_ERROR
          : {
              code: "NOT_SENT",
              file: "",
              message: "This job never reached the worker (the app stopped while starting it), so it did nothing; start it again.",
            };
    } else {
      const stopped = "This job stopped for good before it finished: the worker running it was stopped or crashed on its last attempt.";
      const then =
        row.kind === "reembed"
          ? "The vectors it built are kept, and the next worker start with the same embedding settings resumes the build."
          : row.kind === "reindex"
            ? "The document keeps the version it had; reindex it again."
            : "What it had already imported is kept; import the other files again.";
      error = { code: "JOB_LOST", file: "", message: `${stopped} ${then}` };
    }
    // Guarded: a handler that ended the row meanwhile has the last word.
    const ended = await db.$executeRaw`
      UPDATE ingestion_jobs SET status = 'failed'::run_status, finished_at = now(), updated_at = now(),
        errors = errors || ${JSON.stringify([error])}::jsonb
      WHERE id = ${row.id} AND status IN ('queued', 'running')`;
    if (ended === 0) continue;
    if (error.code === "JOB_LOST") result.lost += 1;
    else result.unsent += 1;
  }
  return result;
}
