// Waiting in the job tests: a worker (in this process or another) changes rows and queue state on its own
// schedule, so a test polls for the state it expects rather than reading it once.
import type { PgBoss } from "pg-boss";

/**
 * Polls `probe` every 100 ms until it returns a truthy value, and returns that value. After `timeoutMs` it
 * throws, naming `what` and adding `describeState()` (a worker's output, say) to the message.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  describeState: () => string = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const state = describeState();
      throw new Error(`timed out waiting for ${what}${state ? `\n${state}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ENDED = new Set(["completed", "failed", "cancelled"]);

/**
 * A queue job once pg-boss has ended it. The job's own row (ingestion_jobs) says it ended inside the handler;
 * pg-boss marks the queue job completed only after the handler returns, a moment later.
 */
export function queueJobEnded(boss: PgBoss, queue: string, jobId: string, timeoutMs = 30_000) {
  return until(
    `queue job ${jobId} to end`,
    async () => {
      const job = await boss.getJobById(queue, jobId);
      return job && ENDED.has(job.state) ? job : undefined;
    },
    timeoutMs,
  );
}
