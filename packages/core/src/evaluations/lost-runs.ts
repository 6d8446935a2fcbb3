/**
 * Evaluation runs whose job ended without them: a worker killed (or stalled past its heartbeat) during the run's
 * last attempt leaves it `running`, and an app that died between writing the run and sending its job leaves it
 * `queued`, for ever. The hourly maintenance fails those that have been quiet for a while and whose queue job is over
 * or missing; their results so far are kept and their metrics computed over them (partial).
 */
import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import { EVAL_QUEUE } from "../queue/queue";
import { storeRunMetrics } from "./runs";

/** A run without a new result or change for this long is checked against the queue. */
export const QUIET_RUN_AFTER_MS = 15 * 60 * 1000;

const ALIVE = new Set(["created", "retry", "active"]);

export async function failLostRuns(db: PrismaClient, boss: Pick<PgBoss, "getJobById">, now = new Date()): Promise<number> {
  const quietSince = new Date(now.getTime() - QUIET_RUN_AFTER_MS);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM eval_runs r
    WHERE r.status IN ('queued', 'running')
      AND GREATEST(r.updated_at, COALESCE((SELECT max(x.created_at) FROM eval_results x WHERE x.run_id = r.id), r.updated_at)) < ${quietSince}`;
  let failed = 0;
  for (const { id } of rows) {
    const job = await boss.getJobById(EVAL_QUEUE, id);
    if (job && ALIVE.has(job.state)) continue;
    const updated = await db.$executeRaw`
      UPDATE eval_runs SET status = 'failed'::run_status, finished_at = now(), updated_at = now(),
        error = 'The run stopped: its worker was lost during its last attempt (or it was never queued). Its results so far are kept; start it again for the rest.'
      WHERE id = ${id} AND status IN ('queued', 'running')`;
    if (updated > 0) {
      failed += 1;
      await storeRunMetrics(db, id);
    }
  }
  return failed;
}
