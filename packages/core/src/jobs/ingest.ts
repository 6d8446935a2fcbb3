import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import type { Embedder } from "../embed/types";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import { runIngestionJob } from "../knowledge-base/imports/run";
import { INGEST_QUEUE, INGEST_RETRY_LIMIT, configureQueues } from "../queue/queue";

export interface IngestionWorkerOptions {
  prisma: PrismaClient;
  log?: (message: string) => void;
  /** Default: the active model's embedder ({@link getActiveEmbedder}), resolved per job. */
  embedder?: Embedder;
}

/** Creates the `ingest` queue and starts processing it (one job at a time per worker process). */
export async function registerIngestionWorker(boss: PgBoss, { prisma, log, embedder }: IngestionWorkerOptions): Promise<void> {
  await configureQueues(boss);
  await boss.work<{ ingestionJobId: string }>(INGEST_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      await runIngestionJob(prisma, job.data.ingestionJobId, {
        embedder: embedder ?? (await getActiveEmbedder(prisma)),
        final: job.retryCount >= INGEST_RETRY_LIMIT,
        ...(log ? { log } : {}),
      });
    }
  });
}
