import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import type { EmbeddingSettingsOptions } from "../knowledge-base/embedding-models/models";
import { runReembedJob } from "../knowledge-base/embedding-models/reembed";
import { REEMBED_QUEUE, REEMBED_RETRY_LIMIT, configureQueues } from "../queue/queue";

type Log = (message: string) => void;

export interface ReembedWorkerOptions extends EmbeddingSettingsOptions {
  prisma: PrismaClient;
  log?: Log;
}

/** Creates the `reembed` queue and starts processing it. */
export async function registerReembedWorker(boss: PgBoss, { prisma, log, ...settings }: ReembedWorkerOptions): Promise<void> {
  await configureQueues(boss);
  await boss.work<{ ingestionJobId: string }>(REEMBED_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      await runReembedJob(prisma, job.data.ingestionJobId, {
        ...settings,
        final: job.retryCount >= REEMBED_RETRY_LIMIT,
        ...(log ? { log } : {}),
      });
    }
  });
}
