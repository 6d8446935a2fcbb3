/**
 * Runs (or resumes) one evaluation run, in the worker: records what it answers with, then asks its cases one by one
 * through the same `answer()` pipeline as the chat, as the admin who started it, with nothing stored as a message.
 *
 * Consistency: each case's result is ONE statement (an INSERT that ignores a case already recorded), so a result is
 * whole or absent and a retried job resumes after the last one. The run's row is read before each case: cancelled
 * (or deleted with its set), it stops there. The run's metrics are computed over its results when it ends, however
 * it ends (./runs.ts `storeRunMetrics`).
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@lore/db";
import { answer, answerSettings, type AnswerInspection, type AnswerOverrides } from "../answer";
import type { Embedder } from "../embed/types";
import { databaseError, failureSummary } from "../errors/database";
import { runOverrides } from "../eval/run-config";
import { observeAnswer, type AnswerOutcome } from "../eval/trace-metrics";
import { EXTRACTIVE_MODEL_ID } from "../llm/extractive";
import type { ChatModel } from "../llm/types";
import { toJson } from "./ids";
import { judgeAnswer, JUDGE_PROMPT_VERSION, JUDGE_SYSTEM_PROMPT } from "./judge";
import { readResolved, readRunConfig, storeRunMetrics, type ResolvedRun, type StoredRunConfig } from "./runs";
import { caseMetrics, type AskedCase, type ModelPrices } from "./score";
import { knowledgeState } from "./state";

export interface RunEvaluationOptions {
  embedder: Embedder;
  /** The configured model (null = the extractive default); a run whose answerer is `extractive` ignores it. */
  model: ChatModel | null;
  prices: ModelPrices | null;
  /** The queue's last attempt: an error then fails the run instead of leaving it to a retry. */
  final: boolean;
  log?: (line: string) => void;
  /**
   * The queue's hold on this attempt (pg-boss aborts it when the job expires or its heartbeat lapses, and then
   * retries it): once aborted this attempt answers no further case, so two attempts never answer the same run.
   */
  signal?: AbortSignal;
}

export type RunEvaluationResult = { status: "succeeded" | "failed" | "canceled" | "skipped" };

class RunFailure extends Error {}

/** How often a running run's figures are recomputed (in cases answered). */
const METRICS_EVERY_CASES = 10;

/** Whether a run was cancelled or deleted (its set deleted) since it started. */
async function stopped(db: PrismaClient, runId: string): Promise<boolean> {
  const row = await db.evalRun.findUnique({ where: { id: runId }, select: { status: true } });
  return row?.status !== "running";
}

async function resolveRun(db: PrismaClient, run: { createdById: string | null }, config: StoredRunConfig, options: RunEvaluationOptions) {
  if (!run.createdById)
    throw new RunFailure("The admin who started this run no longer exists, and runs ask as the admin who started them.");
  const asker = await db.user.findUnique({
    where: { id: run.createdById },
    select: { id: true, email: true, memberships: { select: { groupId: true } } },
  });
  if (!asker) throw new RunFailure("The admin who started this run no longer exists, and runs ask as the admin who started them.");
  const settings = await answerSettings(db, runOverrides(config));
  if (config.promptConfigId && settings.promptConfigId !== config.promptConfigId)
    throw new RunFailure("The prompt version this run was started with no longer exists.");
  const model = config.answerer === "extractive" ? null : options.model;
  if (config.judge && !model) throw new RunFailure("The judge needs a model, and none is configured for the worker.");
  const resolved: ResolvedRun = {
    promptConfigId: settings.promptConfigId,
    promptVersion: settings.promptVersion,
    model: model?.id ?? EXTRACTIVE_MODEL_ID,
    answerer: config.answerer,
    retrieval: { ...settings.retrieval },
    examples: { ...settings.examples },
    asker: { id: asker.id, email: asker.email, groupIds: asker.memberships.map((g) => g.groupId).sort() },
    embedder: options.embedder.id,
    prices: model ? options.prices : null,
    judge: config.judge ? { version: JUDGE_PROMPT_VERSION, prompt: JUDGE_SYSTEM_PROMPT } : null,
    knowledge: await knowledgeState(db),
  };
  return resolved;
}

/** The database ids of documents → their external ids, looked up as they appear and kept for the run. */
function documentKeys(db: PrismaClient) {
  const externalIds = new Map<string, string>();
  return {
    async learn(outcome: AnswerOutcome) {
      const message = outcome.type === "done" ? outcome.message : outcome.stored;
      const ids = new Set<string>();
      for (const part of message?.parts ?? []) {
        if (part.type === "citations") for (const c of part.citations) ids.add(c.documentId);
        if (part.type === "trace") for (const r of part.trace.retrieval.results) ids.add(r.documentId);
      }
      const missing = [...ids].filter((id) => !externalIds.has(id));
      if (missing.length === 0) return;
      for (const d of await db.document.findMany({ where: { id: { in: missing } }, select: { id: true, externalId: true } }))
        externalIds.set(d.id, d.externalId);
    },
    /**
     * A document as a case's source ids name it: its external id, or (when the case names it so) the external id's
     * last path segment: a page uploaded as `pages/leave.md` has the external id `pages/leave`, and a dataset says `leave`.
     */
    keyFor(sourceIds: readonly string[]) {
      const wanted = new Set(sourceIds);
      return (documentId: string) => {
        const external = externalIds.get(documentId) ?? documentId;
        const base = external.split("/").pop()!;
        return wanted.has(external) || !wanted.has(base) ? external : base;
      };
    },
  };
}

async function askCase(
  db: PrismaClient,
  deps: { embedder: Embedder; model: ChatModel | null },
  question: string,
  askerId: string,
  overrides: AnswerOverrides,
): Promise<{ outcome: AnswerOutcome; inspection: AnswerInspection | null; error: string | null }> {
  let inspection: AnswerInspection | null = null;
  let outcome: AnswerOutcome = { type: "error", stored: null };
  let error: string | null = "The answer ended without a result.";
  const events = answer({ db, ...deps }, { question, userId: askerId, persist: false, overrides, onInspection: (i) => (inspection = i) });
  for await (const event of events) {
    if (event.type === "done") {
      outcome = event;
      error = null;
    } else if (event.type === "error") {
      outcome = event;
      error = `${event.code}: ${event.message}`;
    }
  }
  return { outcome, inspection, error };
}

/** Asks one case and records its result in one statement. Returns false when the run is gone (its set deleted). */
async function runCase(
  db: PrismaClient,
  runId: string,
  c: { id: string; question: string; expectedAnswers: string[]; sourceIds: string[]; answerable: boolean; metadata: unknown },
  context: {
    deps: { embedder: Embedder; model: ChatModel | null };
    askerId: string;
    overrides: AnswerOverrides;
    judge: boolean;
    keys: ReturnType<typeof documentKeys>;
  },
): Promise<boolean> {
  const scenario = (c.metadata as { scenario?: unknown } | null)?.scenario;
  const asked: AskedCase = {
    question: c.question,
    ...(typeof scenario === "string" && scenario ? { scenario } : {}),
    answerable: c.answerable,
    answers: c.expectedAnswers,
    sourceIds: c.sourceIds,
  };
  // As `lore eval retrieval` and `lore eval answers`: a scenario is asked before its question.
  const text = asked.scenario ? `${asked.scenario}\n${asked.question}` : asked.question;
  const { outcome, inspection, error } = await askCase(db, context.deps, text, context.askerId, context.overrides);
  await context.keys.learn(outcome);
  const observed = observeAnswer(outcome, context.keys.keyFor(asked.sourceIds));
  const parts = (outcome.type === "done" ? outcome.message : outcome.stored)?.parts ?? [];
  const judge =
    context.judge && context.deps.model && asked.answerable && !observed.refused && !observed.failed
      ? await judgeAnswer(context.deps.model, { question: text, expected: asked.answers, answer: observed.answer, parts })
      : undefined;
  const trace = outcome.type === "done" ? outcome.trace : null;
  try {
    await db.evalResult.createMany({
      data: [
        {
          id: randomUUID(),
          runId,
          caseId: c.id,
          answer: observed.answer,
          retrievedIds: observed.retrievedDocuments ?? [],
          metrics: toJson(caseMetrics(asked, observed, judge)),
          latencyMs: trace?.latencyMs.total ?? null,
          error,
          parts: toJson(parts),
          ...(inspection ? { inspection: toJson(inspection) } : {}),
        },
      ],
      skipDuplicates: true,
    });
  } catch (e) {
    // The run or the case was deleted meanwhile (a foreign key refuses the row).
    if (databaseError(e)?.code === "23503" || (e as { code?: unknown }).code === "P2003") return !(await stopped(db, runId));
    throw e;
  }
  return true;
}

/** Ends a run that is still running with `status`, its metrics and the knowledge's state at the end. */
async function endRun(db: PrismaClient, runId: string, status: "succeeded" | "failed", resolved: ResolvedRun | null, error?: string) {
  const atEnd = resolved ? { ...resolved, knowledgeAtEnd: await knowledgeState(db) } : null;
  const updated = await db.$executeRaw`
    UPDATE eval_runs SET status = ${status}::run_status, finished_at = now(), updated_at = now(), error = ${error ?? null},
      resolved = CASE WHEN ${atEnd !== null} THEN ${JSON.stringify(atEnd ?? {})}::jsonb ELSE resolved END
    WHERE id = ${runId} AND status = 'running'`;
  await storeRunMetrics(db, runId);
  return updated > 0;
}

export async function runEvaluation(db: PrismaClient, runId: string, options: RunEvaluationOptions): Promise<RunEvaluationResult> {
  const run = await db.evalRun.findUnique({ where: { id: runId } });
  if (!run || run.status === "succeeded" || run.status === "failed" || run.status === "canceled") return { status: "skipped" };
  const started = await db.evalRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] } },
    data: { status: "running", startedAt: run.startedAt ?? new Date() },
  });
  if (started.count === 0) return { status: "skipped" };
  const log = options.log ?? (() => {});
  const config = readRunConfig(run.config);
  let resolved = readResolved(run.resolved);
  try {
    // A retry keeps what the first attempt recorded: the run answers with one configuration throughout.
    if (!resolved) {
      resolved = await resolveRun(db, run, config, options);
      await db.evalRun.update({ where: { id: runId }, data: { resolved: toJson(resolved), promptConfigId: resolved.promptConfigId } });
    }
    const model = resolved.model === EXTRACTIVE_MODEL_ID ? null : options.model;
    if (resolved.model !== EXTRACTIVE_MODEL_ID && model?.id !== resolved.model)
      throw new RunFailure(
        `This run started with the model ${resolved.model}; the worker now has ${model?.id ?? "none"}. Start a new run.`,
      );
    const context = {
      deps: { embedder: options.embedder, model },
      askerId: resolved.asker.id,
      // The recorded version, not "the active one": activating another version during the run changes nothing.
      overrides: runOverrides({ ...config, promptConfigId: resolved.promptConfigId }),
      judge: resolved.judge !== null,
      keys: documentKeys(db),
    };
    const pending = await db.evalCase.findMany({
      where: { setId: run.setId, createdAt: { lte: run.createdAt }, results: { none: { runId } } },
      orderBy: { id: "asc" },
    });
    let answered = 0;
    for (const c of pending) {
      if (options.signal?.aborted) {
        log(`eval run ${runId}: this attempt lost its job; the queue's retry goes on`);
        return { status: "skipped" };
      }
      if (await stopped(db, runId)) break;
      if (!(await runCase(db, runId, c, context))) break;
      // Figures as it goes, so a long run's page and comparison fill in before it ends.
      if (++answered % METRICS_EVERY_CASES === 0) await storeRunMetrics(db, runId);
    }
    if (await stopped(db, runId)) {
      await storeRunMetrics(db, runId);
      log(`eval run ${runId}: canceled`);
      return { status: "canceled" };
    }
    if (!(await endRun(db, runId, "succeeded", resolved))) return { status: "canceled" };
    log(`eval run ${runId}: succeeded`);
    return { status: "succeeded" };
  } catch (error) {
    if (error instanceof RunFailure || options.final) {
      const message = error instanceof RunFailure ? error.message : `The run stopped: ${failureSummary(error)}`;
      await endRun(db, runId, "failed", resolved, message);
      log(`eval run ${runId}: failed: ${message}`);
      if (error instanceof RunFailure) return { status: "failed" };
    }
    throw error;
  }
}
