/**
 * `lore eval answers`: the answer pipeline's quality on a labelled corpus (text overlap with the references,
 * document-level citations, refusals, retrieval recall) and its time and tokens, for one configuration (a rung of
 * the ladder, run-config.ts).
 *
 * As `lore eval retrieval`, the corpus is imported into a FRESH throw-away embedded database with the production
 * ingestion and embedder. Optional examples are stored as few-shot examples and embedded. Each question is then
 * answered by `answer()` anonymously with nothing stored, with the configured model or the extractive default.
 * Several extractive `minScore` values can be evaluated on one import (the calibration sweep): one row each.
 * `lore eval ladder` (ladder.ts) answers through the same workspace and `answerQuestions`.
 * Metric definitions: answer-metrics.ts, trace-metrics.ts and docs/evaluation.md.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { PrismaClient } from "@lore/db";
import { startTemporaryDatabase } from "@lore/db/temporary";
import { answer, type AnswerOverrides } from "../answer";
import type { Embedder } from "../embed/types";
import { embedExamples } from "../fewshot";
import { EXTRACTIVE_MODEL_ID } from "../llm/extractive";
import type { ChatModel } from "../llm/types";
import { aggregateAnswerMetrics, type AnsweredQuestion, type AnswerMetrics } from "./answer-metrics";
import { datasetId, importCorpus, questionText, resolveCorpus, type Progress } from "./retrieval";
import { ladderConfigs, runOverrides, type LadderRung } from "./run-config";
import { aggregateTraceMetrics, observeAnswer, type ObservedQuestion, type TraceMetrics } from "./trace-metrics";

export { overheadMs } from "./trace-metrics";

/** The ladder's rungs, plus the command's first names: `rag` = the `hybrid` rung, `rag+few-shot` = `hybrid+few-shot`. */
export type AnswerEvalConfig = LadderRung | "rag" | "rag+few-shot";
export const ANSWER_EVAL_CONFIGS: readonly AnswerEvalConfig[] = [
  "prompt-only",
  "few-shot",
  "rag",
  "rag+few-shot",
  "rag-vector",
  "hybrid",
  "hybrid+few-shot",
];

/** The rung a configuration name stands for. */
export function configRung(config: AnswerEvalConfig): LadderRung {
  return config === "rag" ? "hybrid" : config === "rag+few-shot" ? "hybrid+few-shot" : config;
}

/** What each configuration turns on: its rung's retrieval (on/off, mode) and examples (few-shot, standard answers). */
export function configOverrides(config: AnswerEvalConfig): AnswerOverrides {
  const rung = ladderConfigs().find((r) => r.rung === configRung(config))!;
  return runOverrides(rung.config);
}

const id = z.union([z.string(), z.number()]).transform(String);

const AnswerQuestionSchema = z.object({
  id,
  question: z.string(),
  scenario: z.string().optional(),
  answers: z.array(z.string()).default([]),
  source_ids: z.array(id).default([]),
  answerable: z.boolean().default(true),
});
export type AnswerEvalQuestion = z.infer<typeof AnswerQuestionSchema>;

const ExampleSchema = z.object({ question: z.string().min(1), answer: z.string().min(1), source_ids: z.array(id).default([]) });
export type EvalExample = z.infer<typeof ExampleSchema>;

/** Reads a JSONL file of records of `schema`, naming the file and line of the first bad one. */
async function readJsonl<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== "")
    .map(({ line, i }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1} is not valid JSON.`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new Error(`${file}:${i + 1} is not ${what} (${parsed.error.issues[0]?.message ?? "bad shape"}).`);
      return parsed.data;
    });
}

export const readAnswerQuestions = (file: string) => readJsonl(file, AnswerQuestionSchema, "a question record");
export const readExamples = (file: string) => readJsonl(file, ExampleSchema, "an example record ({question, answer, source_ids?})");

export interface AnswerEvalOptions {
  corpus: string;
  questions: string;
  /** Few-shot examples (JSONL: question, answer, source_ids?), stored and embedded before the questions. */
  examples?: string;
  config?: AnswerEvalConfig;
  /** Prefix each question with its scenario when the record has one (default true, as `lore eval retrieval`). */
  withScenario?: boolean;
  /** Extractive answerer thresholds to evaluate, one row each (default: one row with its own default). */
  minScores?: readonly number[];
  /** Retrieval's "nothing found" similarity threshold (default: the active configuration's). */
  refusalThreshold?: number;
  /** Answer only this many questions, evenly spaced through the file (quick runs). */
  limit?: number;
  embedder: Embedder;
  /** The configured model; null = the extractive default. */
  model: ChatModel | null;
  progress?: Progress;
  log?: (line: string) => void;
  /** Stops the run at its next step (throwing the signal's reason); its temporary database is deleted. */
  signal?: AbortSignal;
}

export interface AnswerEvalRow extends AnswerMetrics, TraceMetrics {
  config: AnswerEvalConfig;
  model: string;
  /** The extractive threshold of this row (null: the answerer's default, or a model). */
  min_score: number | null;
  refusal_threshold: number | null;
  corpus: string;
  documents: number;
  chunks: number;
  examples: number;
}

export interface AnswerEvalResult {
  rows: AnswerEvalRow[];
  documents: number;
  chunks: number;
  examples: number;
  importFailures: string[];
  importSeconds: number;
  evalSeconds: number;
}

/** Every `step`-th question so that `limit` of them span the whole file (answerable and unanswerable alike). */
export function spread<T>(items: readonly T[], limit: number | undefined): T[] {
  if (!limit || limit >= items.length) return [...items];
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)]!);
}

/** Stores the examples, linked to the documents of their source ids, and embeds them. */
async function loadExamples(db: PrismaClient, examples: readonly EvalExample[], documentOf: Map<string, string>, embedder: Embedder) {
  const missing = new Set<string>();
  for (const e of examples) {
    const documentIds = [...new Set(e.source_ids.map((s) => documentOf.get(s)).filter((d): d is string => d !== undefined))];
    for (const s of e.source_ids) if (!documentOf.has(s)) missing.add(s);
    await db.fewShotExample.create({
      data: {
        id: randomUUID(),
        question: e.question,
        answer: e.answer,
        documents: { create: documentIds.map((documentId) => ({ documentId })) },
      },
    });
  }
  await embedExamples(db, embedder);
  return [...missing];
}

/** A corpus imported into a throw-away database, its examples stored: what the evaluation commands answer against. */
export interface EvalWorkspace {
  prisma: PrismaClient;
  embedder: Embedder;
  documents: number;
  chunks: number;
  examples: number;
  importFailures: string[];
  importSeconds: number;
  /** A database document id → the corpus's own id (the JSONL record's id, or the page's file name). */
  toDatasetId: (documentId: string) => string;
}

export interface WorkspaceOptions {
  corpus: string;
  examples: readonly EvalExample[];
  embedder: Embedder;
  progress?: Progress;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Imports the corpus into a fresh temporary database, stores the examples, runs `fn`, and always deletes the database. */
export async function withEvalWorkspace<T>(options: WorkspaceOptions, fn: (workspace: EvalWorkspace) => Promise<T>): Promise<T> {
  const { embedder, progress, examples } = options;
  const log = options.log ?? (() => {});
  const { input, kind } = resolveCorpus(options.corpus);
  const db = await startTemporaryDatabase();
  try {
    const t0 = performance.now();
    const imported = await importCorpus(db.prisma, input, embedder, progress, options.signal);
    const importSeconds = (performance.now() - t0) / 1000;
    log(
      `imported ${imported.documents} documents in ${importSeconds.toFixed(1)} s${imported.failures.length ? `, ${imported.failures.length} failed` : ""}`,
    );
    const docRows = await db.prisma.$queryRaw<{ id: string; external_id: string }[]>`SELECT id, external_id FROM documents`;
    const datasetIdOf = new Map(docRows.map((d) => [d.id, datasetId(d.external_id, kind)]));
    const documentOf = new Map(docRows.map((d) => [datasetId(d.external_id, kind), d.id]));
    const [{ chunks }] = await db.prisma.$queryRaw<[{ chunks: number }]>`
      SELECT count(*)::int AS chunks FROM chunks c JOIN documents d ON d.id = c.document_id AND d.current_version_id = c.document_version_id`;
    if (examples.length) {
      const missing = await loadExamples(db.prisma, examples, documentOf, embedder);
      log(`stored ${examples.length} examples${missing.length ? ` (${missing.length} source ids not in the corpus, not linked)` : ""}`);
    }
    return await fn({
      prisma: db.prisma,
      embedder,
      documents: imported.documents,
      chunks,
      examples: examples.length,
      importFailures: imported.failures,
      importSeconds,
      toDatasetId: (d) => datasetIdOf.get(d) ?? d,
    });
  } finally {
    await db.stop();
  }
}

/** What a result reports of its workspace. */
export const workspaceFacts = ({ documents, chunks, examples, importFailures, importSeconds }: EvalWorkspace) => ({
  documents,
  chunks,
  examples,
  importFailures,
  importSeconds,
});

/** One question as asked and answered, with everything its answer's trace adds. */
export type EvaluatedQuestion = AnsweredQuestion & ObservedQuestion & { id: string };

/** Asks one question anonymously, with nothing stored, and reduces its answer to what the metrics need. */
async function askOne(workspace: EvalWorkspace, model: ChatModel | null, question: string, overrides: AnswerOverrides) {
  const deps = { db: workspace.prisma, embedder: workspace.embedder, model };
  for await (const event of answer(deps, { question, userId: null, persist: false, overrides })) {
    if (event.type === "done" || event.type === "error") return observeAnswer(event, workspace.toDatasetId);
  }
  return observeAnswer({ type: "error", stored: null }, workspace.toDatasetId);
}

export interface AskOptions {
  overrides: AnswerOverrides;
  /** The configured model; null = the extractive default. */
  model: ChatModel | null;
  /** Prefix each question with its scenario when the record has one (default true). */
  withScenario?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

/** Answers every question with the same overrides, in order (the progress bar ticks once per question). */
export async function answerQuestions(
  workspace: EvalWorkspace,
  questions: readonly AnswerEvalQuestion[],
  options: AskOptions,
): Promise<EvaluatedQuestion[]> {
  const answered: EvaluatedQuestion[] = [];
  for (const q of questions) {
    options.signal?.throwIfAborted();
    const observed = await askOne(workspace, options.model, questionText(q, options.withScenario ?? true), options.overrides);
    answered.push({ id: q.id, answerable: q.answerable, references: q.answers, sourceIds: q.source_ids, ...observed });
    options.progress?.tick();
  }
  return answered;
}

/** Every metric of a set of answers: the answer metrics and what their traces add. */
export const evaluationMetrics = (answered: readonly EvaluatedQuestion[]): AnswerMetrics & TraceMetrics => ({
  ...aggregateAnswerMetrics(answered),
  ...aggregateTraceMetrics(answered),
});

export async function runAnswerEval(options: AnswerEvalOptions): Promise<AnswerEvalResult> {
  const config = options.config ?? "rag";
  const { model, progress } = options;
  const questions = spread(await readAnswerQuestions(options.questions), options.limit);
  if (questions.length === 0) throw new Error(`${options.questions} has no questions.`);
  const examples = options.examples ? await readExamples(options.examples) : [];
  const minScores: (number | undefined)[] = options.minScores?.length ? [...options.minScores] : [undefined];

  return withEvalWorkspace({ ...options, examples }, async (workspace) => {
    const rows: AnswerEvalRow[] = [];
    const t1 = performance.now();
    progress?.start("answers", questions.length * minScores.length);
    for (const minScore of minScores) {
      const overrides: AnswerOverrides = {
        ...configOverrides(config),
        ...(minScore === undefined ? {} : { extractive: { minScore } }),
      };
      if (options.refusalThreshold !== undefined)
        overrides.retrieval = { ...overrides.retrieval, refusalThreshold: options.refusalThreshold };
      const answered = await answerQuestions(workspace, questions, { ...options, overrides });
      rows.push({
        config,
        model: model?.id ?? EXTRACTIVE_MODEL_ID,
        min_score: model ? null : (minScore ?? null),
        refusal_threshold: options.refusalThreshold ?? null,
        ...evaluationMetrics(answered),
        corpus: options.corpus,
        documents: workspace.documents,
        chunks: workspace.chunks,
        examples: workspace.examples,
      });
    }
    progress?.stop();
    return {
      rows,
      ...workspaceFacts(workspace),
      evalSeconds: (performance.now() - t1) / 1000,
    };
  });
}

const fmt = (x: number | null) => (x === null ? "–" : x.toFixed(3));

/** The human summary of `lore eval answers` (stderr): a Markdown table, one row per evaluated threshold. */
export function formatAnswerEvalTable(result: AnswerEvalResult): string {
  const r0 = result.rows[0];
  const head = `${result.documents} documents, ${result.chunks} chunks, ${result.examples} examples, ${r0?.questions ?? 0} questions (${r0?.answerable ?? 0} answerable); config ${r0?.config}, model ${r0?.model} (import ${result.importSeconds.toFixed(1)} s, answers ${result.evalSeconds.toFixed(1)} s)`;
  const lines = [
    "| min score | contains ref. | token F1 | citation P | citation R | refusal acc. | false refusals | overhead p50 / p95 ms | errors |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of result.rows)
    lines.push(
      `| ${r.min_score ?? "default"} | ${fmt(r.contains_reference)} | ${fmt(r.token_f1)} | ${fmt(r.citation_precision)} | ${fmt(r.citation_recall)} | ${fmt(r.refusal_accuracy)} | ${fmt(r.false_refusal_rate)} | ${r.overhead_p50_ms ?? "–"} / ${r.overhead_p95_ms ?? "–"} | ${r.errors} |`,
    );
  return [head, ...lines].join("\n");
}
