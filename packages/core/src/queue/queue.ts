/**
 * The job queue as seen by code that only ENQUEUES (the apps' tRPC handlers): a pg-boss instance that
 * sends jobs but neither supervises nor schedules (the worker process does both).
 *
 * One per Prisma client: the worker registers its own instance for its client, and any other process gets a
 * lazily started producer on DATABASE_URL, cached on globalThis (Next's dev server re-evaluates modules).
 */
import { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import { coreEnv, jobTimings } from "../env";

export const QUEUE_SCHEMA = "pgboss";

/** The ingestion queue. Its retry settings are what make a killed worker's job resume elsewhere. */
export const INGEST_QUEUE = "ingest";

/** Attempts after the first one before an ingestion job is marked failed. */
export const INGEST_RETRY_LIMIT = 3;

/** The re-embedding queue (knowledge-base/embedding-models/reembed.ts): one job at a time builds a new embedding model's vectors. */
export const REEMBED_QUEUE = "reembed";

/** Attempts after the first one before a re-embedding job is marked failed (a later start resumes its work). */
export const REEMBED_RETRY_LIMIT = 3;

/** The evaluation queue (evaluations/run-job.ts): one job per evaluation run, its cases answered in order. */
export const EVAL_QUEUE = "eval-run";

/** Attempts after the first one before an evaluation run is marked failed (a retry resumes after its last result). */
export const EVAL_RETRY_LIMIT = 2;

/** Queue settings of a job that is retried with backoff, and elsewhere when its worker dies. */
function retried(retryLimit: number, expireInSeconds: number) {
  return {
    retryLimit,
    retryDelay: 5,
    retryBackoff: true,
    // A worker that dies stops sending heartbeats: a live worker's supervisor (every LORE_JOB_SUPERVISE_SECONDS)
    // fails the job once its heartbeat is LORE_JOB_HEARTBEAT_SECONDS old (30 s), and the queue retries it.
    heartbeatSeconds: jobTimings().heartbeatSeconds,
    expireInSeconds,
  };
}

/**
 * Creates the queues this package sends to. Idempotent, so both the worker and a producer call it on start:
 * whichever starts first creates them.
 */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(INGEST_QUEUE, retried(INGEST_RETRY_LIMIT, 6 * 3600));
  // A whole corpus through a remote model may take long; an expired job resumes anyway (it embeds only what is missing).
  await boss.createQueue(REEMBED_QUEUE, retried(REEMBED_RETRY_LIMIT, 24 * 3600));
  // A large set through a slow model takes hours; an expired job resumes after its last recorded case.
  await boss.createQueue(EVAL_QUEUE, retried(EVAL_RETRY_LIMIT, 24 * 3600));
}

/**
 * {@link ensureQueues}, then applies the configured timings to queues that already exist (createQueue leaves an
 * existing queue as it is). The worker calls it, so a changed LORE_JOB_HEARTBEAT_SECONDS takes effect on restart
 * for the jobs sent afterwards.
 */
export async function configureQueues(boss: PgBoss): Promise<void> {
  await ensureQueues(boss);
  for (const queue of [INGEST_QUEUE, REEMBED_QUEUE, EVAL_QUEUE])
    await boss.updateQueue(queue, { heartbeatSeconds: jobTimings().heartbeatSeconds });
}

const registry =
  (globalThis as typeof globalThis & { __loreJobQueues?: WeakMap<object, Promise<PgBoss>> }).__loreJobQueues ??
  new WeakMap<object, Promise<PgBoss>>();
(globalThis as typeof globalThis & { __loreJobQueues?: WeakMap<object, Promise<PgBoss>> }).__loreJobQueues = registry;

/** Makes `boss` the queue used to enqueue jobs for `db` (the worker does this for its own client). */
export function registerJobQueue(db: PrismaClient, boss: PgBoss): void {
  registry.set(db, Promise.resolve(boss));
}

/** Forgets the queue registered for `db` (when it stops). */
export function unregisterJobQueue(db: PrismaClient): void {
  registry.delete(db);
}

/**
 * The queue to enqueue jobs for `db`: the registered one, else a producer started on `databaseUrl`
 * (default DATABASE_URL, read only here and only when needed, so importing this module needs no database).
 */
export function getJobQueue(db: PrismaClient, databaseUrl?: string): Promise<PgBoss> {
  let queue = registry.get(db);
  if (!queue) {
    queue = startProducer(databaseUrl).catch((error: unknown) => {
      registry.delete(db); // a database that was down can be retried without a restart
      throw error;
    });
    registry.set(db, queue);
  }
  return queue;
}

async function startProducer(databaseUrl: string | undefined): Promise<PgBoss> {
  const url = databaseUrl ?? coreEnv.DATABASE_URL;
  const boss = new PgBoss({ connectionString: url, schema: QUEUE_SCHEMA, max: 2, supervise: false, schedule: false });
  boss.on("error", () => {
    /* a producer has no log of its own; send() still rejects, and the caller reports that */
  });
  await boss.start();
  await ensureQueues(boss);
  return boss;
}
