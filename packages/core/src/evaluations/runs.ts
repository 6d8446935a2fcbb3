/**
 * Evaluation runs as the console sees them: start one (a set × a run configuration) or the ladder (five runs sharing
 * a ladder id), cancel, list, read one with its metrics, its progress, and its per-case results. A run is an
 * `eval_runs` row plus a pg-boss job on the `eval-run` queue carrying only the row's id (and using it as its own,
 * so sending twice is a no-op); the worker answers its cases (./run-job.ts). Starting and cancelling are audited.
 */
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { Prisma, PrismaClient, RunStatus } from "@lore/db";
import type { AnswerTraceView, MessagePart } from "../answer";
import { readInspection } from "../answer/inspection";
import { recordAudit, type AuditEntry } from "../audit/record";
import { ladderConfigs, RunConfigSchema, type LadderRung, type RunConfig, type RunConfigInput } from "../eval/run-config";
import { EVAL_QUEUE } from "../queue/queue";
import { EvaluationError, runNotFound, setNotFound } from "./errors";
import { runMetrics, type CaseMetrics, type ModelPrices, type RunMetrics } from "./score";
import type { KnowledgeState } from "./state";

type Actor = AuditEntry["actor"];

/** What a run really answered with, recorded when it starts (see docs/evaluation-workbench.md). */
export interface ResolvedRun {
  promptConfigId: string | null;
  promptVersion: number | null;
  /** The answering model's id, or "extractive". */
  model: string;
  answerer: RunConfig["answerer"];
  retrieval: Record<string, unknown>;
  examples: Record<string, unknown>;
  /** Who the cases were asked as (the admin who started the run) and their groups then. */
  asker: { id: string; email: string; groupIds: string[] };
  embedder: string;
  prices: ModelPrices | null;
  judge: { version: string; prompt: string } | null;
  knowledge: KnowledgeState;
  /** Recorded when the run ends: the state then (a difference means the knowledge changed during the run). */
  knowledgeAtEnd?: KnowledgeState;
}

/** eval_runs.config: the run configuration and the run's options. */
export type StoredRunConfig = RunConfig & { judge: boolean };

export function readRunConfig(value: unknown): StoredRunConfig {
  const config = RunConfigSchema.catch(RunConfigSchema.parse({})).parse(value ?? {});
  return { ...config, judge: (value as { judge?: unknown } | null)?.judge === true };
}

export function readResolved(value: unknown): ResolvedRun | null {
  return typeof value === "object" && value !== null && "model" in value ? (value as ResolvedRun) : null;
}

export function readRunMetrics(value: unknown): RunMetrics | null {
  return typeof value === "object" && value !== null && "cases" in value ? (value as RunMetrics) : null;
}

export interface StartRunInput {
  setId: string;
  config?: RunConfigInput | undefined;
  label?: string | null | undefined;
  /** Grade each answer with the configured model too (needs a model). */
  judge?: boolean | undefined;
}

export interface StartContext {
  /** Whether a model is configured (LLM_PROVIDER=openai): the judge needs one. */
  modelConfigured: boolean;
}

async function checkStart(db: PrismaClient, input: StartRunInput, config: RunConfig, context: StartContext) {
  const set = await db.evalSet.findUnique({ where: { id: input.setId }, select: { name: true, _count: { select: { cases: true } } } });
  if (!set) throw setNotFound();
  if (set._count.cases === 0)
    throw new EvaluationError("SET_EMPTY", "precondition_failed", "This set has no cases yet: import or add some first.");
  if (config.promptConfigId && !(await db.promptConfig.findUnique({ where: { id: config.promptConfigId }, select: { id: true } })))
    throw new EvaluationError("PROMPT_VERSION_NOT_FOUND", "bad_request", "That prompt version does not exist (any more).");
  if (input.judge && (!context.modelConfigured || config.answerer === "extractive"))
    throw new EvaluationError(
      "JUDGE_NEEDS_MODEL",
      "precondition_failed",
      "The judge is a model: configure one (LLM_PROVIDER=openai) and answer with it, or run without the judge.",
    );
  return { cases: set._count.cases, name: set.name };
}

/** Sends a run's job; a run that could not be queued is deleted (it would never run). */
/**
 * Queues the runs' jobs in order. If queueing one fails, none of them goes ahead: those not yet queued are deleted and
 * those already queued are cancelled before a worker takes them (a ladder is never left half-started).
 */
async function queueRuns(db: PrismaClient, boss: PgBoss, ids: readonly string[]) {
  for (const [i, id] of ids.entries()) {
    try {
      await boss.send(EVAL_QUEUE, { runId: id }, { id });
    } catch (error) {
      await db.evalRun.deleteMany({ where: { id: { in: ids.slice(i) } } });
      if (i > 0)
        await db.evalRun.updateMany({
          where: { id: { in: ids.slice(0, i) }, status: "queued" },
          data: { status: "canceled", finishedAt: new Date() },
        });
      throw error;
    }
  }
}

interface NewRun {
  config: RunConfig;
  label: string | null;
  ladderId: string | null;
  rung: LadderRung | null;
}

async function createRuns(db: PrismaClient, boss: PgBoss, input: StartRunInput, runs: NewRun[], context: StartContext, actor: Actor) {
  const checked = await Promise.all(runs.map((r) => checkStart(db, input, r.config, context)));
  const ids = runs.map(() => randomUUID());
  const base = Date.now();
  await db.$transaction(async (tx) => {
    await tx.evalRun.createMany({
      data: runs.map((r, i) => ({
        id: ids[i]!,
        setId: input.setId,
        promptConfigId: r.config.promptConfigId,
        label: r.label,
        config: { ...r.config, judge: input.judge === true },
        status: "queued" as const,
        casesTotal: checked[i]!.cases,
        ladderId: r.ladderId,
        rung: r.rung,
        createdById: actor?.id ?? null,
        // A ladder's rungs one millisecond apart, so that they list (and run) in order.
        createdAt: new Date(base + i),
      })),
    });
    await recordAudit(tx, {
      actor,
      action: runs.length > 1 ? "eval_run.ladder_started" : "eval_run.started",
      targetType: "eval_set",
      targetId: input.setId,
      data: {
        runs: ids,
        set: checked[0]!.name,
        ...(runs[0]!.ladderId ? { ladderId: runs[0]!.ladderId } : {}),
        judge: input.judge === true,
      },
    });
  });
  await queueRuns(db, boss, ids);
  return ids;
}

/** Starts one run of a set with a configuration. */
export async function startRun(
  db: PrismaClient,
  boss: PgBoss,
  input: StartRunInput,
  context: StartContext,
  actor: Actor,
): Promise<{ id: string }> {
  const config = RunConfigSchema.parse(input.config ?? {});
  const [id] = await createRuns(db, boss, input, [{ config, label: input.label ?? null, ladderId: null, rung: null }], context, actor);
  return { id: id! };
}

/** Starts the ladder: one run per rung (eval/run-config.ts), each a change of one thing from the base configuration. */
export async function startLadder(
  db: PrismaClient,
  boss: PgBoss,
  input: StartRunInput,
  context: StartContext,
  actor: Actor,
): Promise<{ ladderId: string; runs: Array<{ id: string; rung: LadderRung }> }> {
  const ladderId = randomUUID();
  const rungs = ladderConfigs(input.config ?? {});
  const ids = await createRuns(
    db,
    boss,
    input,
    rungs.map((r) => ({ config: r.config, label: input.label ? `${input.label}: ${r.label}` : r.label, ladderId, rung: r.rung })),
    context,
    actor,
  );
  return { ladderId, runs: rungs.map((r, i) => ({ id: ids[i]!, rung: r.rung })) };
}

/** The stored results of a run, as the aggregates read them. */
async function storedCases(db: Prisma.TransactionClient | PrismaClient, runId: string) {
  const rows = await db.evalResult.findMany({ where: { runId }, select: { metrics: true, answer: true, retrievedIds: true } });
  return rows.map((r) => {
    const metrics = r.metrics as unknown as CaseMetrics;
    return { metrics, answer: r.answer ?? "", retrieved: metrics.retrieval_k === null ? null : r.retrievedIds };
  });
}

/**
 * Computes a run's metrics over the cases it has finished and stores them, unless metrics over more cases are stored
 * already (a worker finishing its last case and a cancel may both get here, in either order).
 */
export async function storeRunMetrics(db: PrismaClient, runId: string): Promise<RunMetrics | null> {
  const run = await db.evalRun.findUnique({ where: { id: runId }, select: { casesTotal: true, status: true, resolved: true } });
  if (!run) return null;
  const cases = await storedCases(db, runId);
  // A run that finished answered every case it still had: one deleted meanwhile does not make it partial.
  const total = run.status === "succeeded" ? cases.length : run.casesTotal;
  const metrics = runMetrics(cases, total, readResolved(run.resolved)?.prices ?? null);
  await db.$executeRaw`
    UPDATE eval_runs SET metrics = ${JSON.stringify(metrics)}::jsonb, updated_at = now()
    WHERE id = ${runId} AND COALESCE((metrics->>'cases')::int, -1) <= ${metrics.cases}`;
  return metrics;
}

/**
 * Cancels queued or running runs (one, or every unfinished run of a ladder): each is marked `canceled` at once; a
 * worker running one stops before its next case. Results so far are kept, and the metrics are computed over them
 * (marked partial). Cancelling a cancelled run again does nothing; one that already ended is RUN_FINISHED.
 */
export async function cancelRuns(
  db: PrismaClient,
  boss: PgBoss,
  target: { id: string } | { ladderId: string },
  actor: Actor,
): Promise<{ canceled: string[] }> {
  const runs = await db.evalRun.findMany({
    where: "id" in target ? { id: target.id } : { ladderId: target.ladderId },
    select: { id: true, status: true },
  });
  if (runs.length === 0) throw runNotFound();
  if ("id" in target && (runs[0]!.status === "succeeded" || runs[0]!.status === "failed"))
    throw new EvaluationError("RUN_FINISHED", "conflict", `This run has already ${runs[0]!.status}: there is nothing left to cancel.`);
  const canceled: string[] = [];
  for (const run of runs) {
    const updated = await db.$executeRaw`
      UPDATE eval_runs SET status = 'canceled'::run_status, finished_at = now(), updated_at = now()
      WHERE id = ${run.id} AND status IN ('queued', 'running')`;
    if (updated > 0) {
      canceled.push(run.id);
      await recordAudit(db, { actor, action: "eval_run.canceled", targetType: "eval_run", targetId: run.id, data: { was: run.status } });
      await storeRunMetrics(db, run.id);
    }
    if (run.status !== "succeeded" && run.status !== "failed") await boss.cancel(EVAL_QUEUE, run.id);
  }
  return { canceled };
}

export interface EvalRunSummary {
  id: string;
  setId: string;
  setName: string;
  label: string | null;
  ladderId: string | null;
  rung: string | null;
  status: RunStatus;
  config: StoredRunConfig;
  progress: { done: number; total: number };
  metrics: RunMetrics | null;
  error: string | null;
  createdBy: { id: string; name: string; email: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface EvalRunDetail extends EvalRunSummary {
  resolved: ResolvedRun | null;
}

const runSelect = {
  id: true,
  setId: true,
  label: true,
  ladderId: true,
  rung: true,
  status: true,
  config: true,
  metrics: true,
  error: true,
  casesTotal: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  resolved: true,
  set: { select: { name: true } },
  createdBy: { select: { id: true, name: true, email: true } },
  _count: { select: { results: true } },
} satisfies Prisma.EvalRunSelect;

type RunRow = Prisma.EvalRunGetPayload<{ select: typeof runSelect }>;

function summary(row: RunRow): EvalRunSummary {
  return {
    id: row.id,
    setId: row.setId,
    setName: row.set.name,
    label: row.label,
    ladderId: row.ladderId,
    rung: row.rung,
    status: row.status,
    config: readRunConfig(row.config),
    progress: { done: row._count.results, total: row.casesTotal },
    metrics: readRunMetrics(row.metrics),
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export interface ListRunsParams {
  setId?: string | undefined;
  ladderId?: string | undefined;
  status?: RunStatus | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** Runs, newest first (keyset on created_at, id). */
export async function listRuns(
  db: PrismaClient,
  params: ListRunsParams = {},
): Promise<{ items: EvalRunSummary[]; nextCursor: string | null }> {
  const limit = params.limit ?? 25;
  const cursor = params.cursor
    ? await db.evalRun.findUnique({ where: { id: params.cursor }, select: { createdAt: true, id: true } })
    : null;
  const rows = await db.evalRun.findMany({
    where: {
      ...(params.setId ? { setId: params.setId } : {}),
      ...(params.ladderId ? { ladderId: params.ladderId } : {}),
      ...(params.status ? { status: params.status } : {}),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: runSelect,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(summary), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

export async function getRun(db: PrismaClient, id: string): Promise<EvalRunDetail> {
  const row = await db.evalRun.findUnique({ where: { id }, select: runSelect });
  if (!row) throw runNotFound();
  return { ...summary(row), resolved: readResolved(row.resolved) };
}

/** What a progress bar needs, cheaply (poll it). */
export async function runProgress(db: PrismaClient, id: string): Promise<{ id: string; status: RunStatus; done: number; total: number }> {
  const row = await db.evalRun.findUnique({
    where: { id },
    select: { status: true, casesTotal: true, _count: { select: { results: true } } },
  });
  if (!row) throw runNotFound();
  return { id, status: row.status, done: row._count.results, total: row.casesTotal };
}

export interface EvalResultRow {
  id: string;
  caseId: string;
  externalId: string | null;
  question: string;
  expected: string[];
  answerable: boolean;
  answer: string;
  /** Source-id keys of the documents cited, and of those retrieved (best first). */
  cited: string[];
  retrieved: string[];
  pass: boolean;
  metrics: CaseMetrics;
  latencyMs: number | null;
  error: string | null;
}

/** How long one audit entry covers another admin's reading of a run's answers (the page refetches as it polls). */
const RESULTS_READ_AUDIT_WINDOW_MS = 60 * 60 * 1000;

/**
 * One page of a run's per-case results, in the set's order; `failedOnly` keeps those that did not pass. The answers
 * quote what the run's creator may read, so another admin's reading is audited (`eval_result.read` on the run, at
 * most once an hour per reader and run), as a case's trace is.
 */
export async function listResults(
  db: PrismaClient,
  runId: string,
  params: {
    failedOnly?: boolean | undefined;
    caseIds?: readonly string[] | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  } = {},
  reader?: { actor: NonNullable<Actor>; ip?: string | null },
): Promise<{ items: EvalResultRow[]; total: number; nextCursor: string | null }> {
  const run = await db.evalRun.findUnique({ where: { id: runId }, select: { id: true, createdById: true } });
  if (!run) throw runNotFound();
  if (reader && run.createdById !== reader.actor.id) {
    const since = new Date(Date.now() - RESULTS_READ_AUDIT_WINDOW_MS);
    const recent = await db.auditLog.findFirst({
      where: { actorId: reader.actor.id, action: "eval_result.read", targetType: "eval_run", targetId: runId, at: { gte: since } },
      select: { id: true },
    });
    if (!recent)
      await recordAudit(db, {
        actor: reader.actor,
        action: "eval_result.read",
        targetType: "eval_run",
        targetId: runId,
        data: { runId, askerId: run.createdById },
        ip: reader.ip ?? null,
      });
  }
  const limit = params.limit ?? 50;
  const where: Prisma.EvalResultWhereInput = {
    runId,
    ...(params.failedOnly ? { metrics: { path: ["pass"], equals: false } } : {}),
    ...(params.caseIds?.length ? { caseId: { in: [...params.caseIds] } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.evalResult.findMany({
      where: { ...where, ...(params.cursor ? { AND: [{ caseId: { gt: params.cursor } }] } : {}) },
      orderBy: { caseId: "asc" },
      take: limit + 1,
      select: {
        id: true,
        caseId: true,
        answer: true,
        retrievedIds: true,
        metrics: true,
        latencyMs: true,
        error: true,
        case: { select: { externalId: true } },
      },
    }),
    db.evalResult.count({ where }),
  ]);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => {
      const metrics = r.metrics as unknown as CaseMetrics;
      return {
        id: r.id,
        caseId: r.caseId,
        externalId: r.case.externalId,
        question: metrics.case.question,
        expected: metrics.case.answers,
        answerable: metrics.case.answerable,
        answer: r.answer ?? "",
        cited: metrics.cited,
        retrieved: r.retrievedIds,
        pass: metrics.pass,
        metrics,
        latencyMs: r.latencyMs,
        error: r.error,
      };
    }),
    total,
    nextCursor: rows.length > limit ? page.at(-1)!.caseId : null,
  };
}

/**
 * One case's answer as the inspector shows a stored message (answer/trace-view.ts), read from the result: runs store
 * no messages, so the console opens a case's trace from here. `asker` is the admin the run asked as.
 */
export interface EvalResultTrace extends Pick<AnswerTraceView, "question" | "answer" | "sources" | "citations" | "trace" | "inspection"> {
  resultId: string;
  runId: string;
  caseId: string;
  asker: AnswerTraceView["asker"] | null;
  metrics: CaseMetrics;
  error: string | null;
}

/**
 * The run asked as its creator, so its answers may quote documents another admin cannot read: a read by anyone but
 * the asker is audited (`eval_result.read`), as the inspector audits reading an employee's answer.
 */
export async function getResultTrace(
  db: PrismaClient,
  resultId: string,
  reader: { actor: NonNullable<Actor>; ip?: string | null },
): Promise<EvalResultTrace> {
  const row = await db.evalResult.findUnique({
    where: { id: resultId },
    select: {
      id: true,
      runId: true,
      caseId: true,
      answer: true,
      parts: true,
      inspection: true,
      metrics: true,
      error: true,
      run: { select: { createdBy: { select: { id: true, name: true, email: true } } } },
    },
  });
  if (!row) throw new EvaluationError("RUN_NOT_FOUND", "not_found", "That result does not exist (its run or case may have been deleted).");
  const parts = Array.isArray(row.parts) ? (row.parts as unknown as MessagePart[]) : [];
  const find = <T extends MessagePart["type"]>(type: T) =>
    parts.find((p) => p.type === type) as Extract<MessagePart, { type: T }> | undefined;
  const metrics = row.metrics as unknown as CaseMetrics;
  if (row.run.createdBy?.id !== reader.actor.id)
    await recordAudit(db, {
      actor: reader.actor,
      action: "eval_result.read",
      targetType: "eval_result",
      targetId: row.id,
      data: { runId: row.runId, askerId: row.run.createdBy?.id ?? null },
      ip: reader.ip ?? null,
    });
  return {
    resultId: row.id,
    runId: row.runId,
    caseId: row.caseId,
    asker: row.run.createdBy,
    question: metrics.case.question,
    answer: row.answer ?? "",
    sources: find("sources")?.sources ?? [],
    citations: find("citations")?.citations ?? [],
    trace: find("trace")?.trace ?? null,
    inspection: readInspection(row.inspection),
    metrics,
    error: row.error,
  };
}
