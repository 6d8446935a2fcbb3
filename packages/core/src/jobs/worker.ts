import { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import type { EmbeddingConfig } from "../embed/config";
import type { Embedder } from "../embed/types";
import type { ChatModel } from "../llm/types";
import { jobTimings } from "../env";
import { registerEvaluationWorker } from "./evaluate";
import { registerIngestionWorker } from "./ingest";
import { ensureSearchIndexes } from "../knowledge-base/search-indexes/maintenance";
import { runMaintenance } from "./maintenance";
import { EVAL_QUEUE, INGEST_QUEUE, QUEUE_SCHEMA, REEMBED_QUEUE, registerJobQueue, unregisterJobQueue } from "../queue/queue";
import { startReembedding } from "../knowledge-base/embedding-models/reembed-start";
import { registerReembedWorker } from "./reembed";

/** Queue names. Each queue's handler lives beside the code of its domain. */
export const QUEUES = {
  maintenance: "maintenance",
  ingest: INGEST_QUEUE,
  reembed: REEMBED_QUEUE,
  evaluate: EVAL_QUEUE,
} as const;

export interface Worker {
  boss: PgBoss;
  stop(): Promise<void>;
}

export interface StartWorkerOptions {
  databaseUrl: string;
  prisma: PrismaClient;
  log?: (message: string) => void;
  /** Cron for housekeeping; hourly by default. */
  maintenanceCron?: string;
  /** Embedder for ingestion jobs; default: the active model's. */
  embedder?: Embedder;
  /** The configured embedding settings (re-embedding target); default: the EMBEDDING_* variables. */
  embeddingConfig?: EmbeddingConfig;
  /** The model evaluation runs answer with; default: the LLM_* settings (null = the extractive default). */
  chatModel?: () => ChatModel | null;
}

/**
 * Starts the background job worker on pg-boss (a Postgres-backed queue: no extra infrastructure).
 * It polls rather than LISTENs, which is what the embedded single-session server needs.
 */
export async function startWorker({
  databaseUrl,
  prisma,
  log = () => {},
  maintenanceCron = "17 * * * *",
  embedder,
  embeddingConfig,
  chatModel,
}: StartWorkerOptions): Promise<Worker> {
  // The supervisor is what retries the job of a worker that died (its heartbeat stopped): it runs this often.
  const { superviseIntervalSeconds } = jobTimings();
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    max: 4,
    superviseIntervalSeconds,
    monitorIntervalSeconds: superviseIntervalSeconds,
  });
  boss.on("error", (error) => log(`queue error: ${error instanceof Error ? error.message : String(error)}`));
  await boss.start();

  const embedding = embeddingConfig ? { config: embeddingConfig } : {};
  // A changed EMBEDDING_* setting is noticed here: the new model's vectors are built in the background while
  // search goes on with the old ones. A bad setting must not stop the other jobs: it is logged.
  const checkEmbeddingModel = () =>
    startReembedding(prisma, { queue: async () => boss, log, ...embedding }).catch((error: unknown) =>
      log(`embedding model check failed: ${error instanceof Error ? error.message : String(error)}`),
    );

  await boss.createQueue(QUEUES.maintenance, { retryLimit: 2, expireInSeconds: 300 });
  await boss.work(QUEUES.maintenance, async () => {
    const result = await runMaintenance(prisma, new Date(), boss);
    log(`maintenance: ${JSON.stringify(result)}`);
    // Also hourly, not only at start: a re-embedding whose job failed for good (its embedding server down through
    // every retry) is resumed, instead of waiting for a restart while every import also embeds for it.
    await checkEmbeddingModel();
    return result;
  });
  await boss.schedule(QUEUES.maintenance, maintenanceCron);
  // A bulk import that died leaves search indexes missing: build them now, in the background (searches stay
  // correct meanwhile, only slower), rather than at the next hourly maintenance.
  void ensureSearchIndexes(prisma, log).catch((error: unknown) =>
    log(`could not build the missing search indexes: ${error instanceof Error ? error.message : String(error)}`),
  );

  await registerIngestionWorker(boss, { prisma, log, ...(embedder ? { embedder } : {}) });
  // Code running in this process (and sharing its Prisma client) enqueues through this instance.
  registerJobQueue(prisma, boss);

  await registerReembedWorker(boss, { prisma, log, ...embedding });
  await registerEvaluationWorker(boss, { prisma, log, ...(embedder ? { embedder } : {}), ...(chatModel ? { chatModel } : {}) });
  await checkEmbeddingModel();

  return {
    boss,
    stop: async () => {
      unregisterJobQueue(prisma);
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
