import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import type { Embedder } from "../embed/types";
import { failLostRuns } from "../evaluations/lost-runs";
import { runEvaluation } from "../evaluations/run-job";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import { chatModelFromEnv, modelPricesFromEnv } from "../llm/env";
import type { ChatModel } from "../llm/types";
import { EVAL_QUEUE, EVAL_RETRY_LIMIT, configureQueues } from "../queue/queue";

export interface EvaluationWorkerOptions {
  prisma: PrismaClient;
  log?: (message: string) => void;
  /** Default: the active model's embedder, resolved per job. */
  embedder?: Embedder;
  /** The model runs answer with (and the judge grades with); default: the LLM_* settings, read per job. Null = extractive. */
  chatModel?: () => ChatModel | null;
  /** Prices per million tokens for the cost estimate; default: LLM_PRICE_*. */
  prices?: () => { inputPerMTok: number; outputPerMTok: number } | null;
}

/** The hourly check for runs whose job ended without them (evaluations/lost-runs.ts). */
export const EVAL_RECONCILE_QUEUE = "eval-reconcile";

/**
 * Creates the `eval-run` queue and starts processing it: one run at a time per worker process, cases in order. Also
 * schedules the hourly `eval-reconcile`, which fails runs left `running` by a worker lost on their last attempt.
 */
export async function registerEvaluationWorker(
  boss: PgBoss,
  { prisma, log, embedder, chatModel, prices }: EvaluationWorkerOptions,
): Promise<void> {
  await configureQueues(boss);
  await boss.work<{ runId: string }>(EVAL_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      await runEvaluation(prisma, job.data.runId, {
        embedder: embedder ?? (await getActiveEmbedder(prisma)),
        model: (chatModel ?? (() => chatModelFromEnv()))(),
        prices: (prices ?? (() => modelPricesFromEnv()))(),
        final: job.retryCount >= EVAL_RETRY_LIMIT,
        signal: job.signal,
        ...(log ? { log } : {}),
      });
    }
  });
  await boss.createQueue(EVAL_RECONCILE_QUEUE, { retryLimit: 1, expireInSeconds: 300 });
  await boss.work(EVAL_RECONCILE_QUEUE, async () => {
    const failed = await failLostRuns(prisma, boss);
    if (failed > 0) log?.(`eval reconcile: ${failed} lost run${failed === 1 ? "" : "s"} failed`);
  });
  await boss.schedule(EVAL_RECONCILE_QUEUE, "41 * * * *");
}
