/**
 * What one answer contributes to an evaluation, read from the message and trace `answer()` ended with, and the
 * run-level aggregates of what the trace adds to the answer metrics (answer-metrics.ts): retrieval recall@k and MRR
 * at document level, latency per stage, prompt and answer tokens, modes. Pure; shared by `lore eval answers`,
 * `lore eval ladder` and the workbench so a case is scored the same way everywhere. Definitions: docs/evaluation.md.
 */
import type { AnswerMode, AnswerTrace, StageLatency, StoredMessage } from "../answer";
import { countTokens } from "../tokens";
import type { AnsweredQuestion } from "./answer-metrics";
import { distinctDocuments, firstHitRank, percentile } from "./metrics";

/** One answer as the metrics see it (what the question record adds — answerable, references, sources — excluded). */
export interface AnswerObservation extends Pick<AnsweredQuestion, "answer" | "citedDocuments" | "refused" | "overheadMs" | "failed"> {
  /** How the answer was made (null: it failed before its trace existed). */
  mode: AnswerMode | null;
  /** Distinct dataset ids of the documents the answer's retrieval returned, best first; null when retrieval was off (or no trace). */
  retrievedDocuments: string[] | null;
  /** How many chunks retrieval was asked for (the trace's `retrieval.k`): the depth of recall@k. */
  retrievalK: number | null;
  latencyMs: StageLatency | null;
  /** Tokens sent to a model: its reported input tokens, else the assembled prompt's count; null when no model was called. */
  promptTokens: number | null;
  /** Tokens of the answer: the model's reported output tokens, else the shown text counted (o200k_base); null when it failed. */
  answerTokens: number | null;
}

/** How `answer()` ended: its `done` event, or an `error` event (with the message as it would be stored, when there is one). */
export type AnswerOutcome = { type: "done"; message: StoredMessage; trace: AnswerTrace } | { type: "error"; stored: StoredMessage | null };

/** The pipeline's own time: all of it with the extractive default; without the model's generation otherwise. */
export function overheadMs(trace: AnswerTrace, withModel: boolean): number | null {
  const l = trace.latencyMs;
  if (l.total === undefined) return null;
  return l.total - (withModel ? (l.generate ?? 0) : 0) + (l.persist ?? 0);
}

const traceOf = (message: StoredMessage | null) => message?.parts.flatMap((p) => (p.type === "trace" ? [p.trace] : []))[0] ?? null;

/**
 * Reduces an answer to what the metrics need. `toDatasetId` maps a database document id to the corpus's own id.
 * A refusal is the trace's final mode `not_found`; a failed answer counts as not refused, empty and citing nothing,
 * but keeps what its trace recorded (retrieval, latency) when it got that far.
 */
export function observeAnswer(outcome: AnswerOutcome, toDatasetId: (documentId: string) => string): AnswerObservation {
  const failed = outcome.type === "error";
  const message = outcome.type === "done" ? outcome.message : outcome.stored;
  const trace = outcome.type === "done" ? outcome.trace : traceOf(outcome.stored);
  const parts = failed ? [] : (message?.parts ?? []);
  const text = parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
  const cited = parts.flatMap((p) => (p.type === "citations" ? p.citations.map((c) => toDatasetId(c.documentId)) : []));
  const calledModel = trace?.mode === "model";
  const budgetUsed = (trace?.budget as { used?: unknown } | undefined)?.used;
  return {
    answer: text,
    citedDocuments: [...new Set(cited)],
    refused: !failed && trace?.mode === "not_found",
    overheadMs: failed || !trace ? null : overheadMs(trace, calledModel),
    ...(failed ? { failed: true } : {}),
    mode: trace?.mode ?? null,
    retrievedDocuments: trace?.retrieval.enabled ? distinctDocuments(trace.retrieval.results.map((r) => toDatasetId(r.documentId))) : null,
    retrievalK: trace?.retrieval.enabled ? trace.retrieval.k : null,
    latencyMs: trace ? { ...trace.latencyMs } : null,
    promptTokens: !calledModel
      ? null
      : trace.usage.inputTokens > 0
        ? trace.usage.inputTokens
        : typeof budgetUsed === "number"
          ? budgetUsed
          : null,
    answerTokens: failed ? null : calledModel && trace.usage.outputTokens > 0 ? trace.usage.outputTokens : countTokens(text),
  };
}

/** A question's first-hit rank among the documents its answer's retrieval returned (null: none of its sources). */
export function retrievalRank(retrievedDocuments: readonly string[], sourceIds: readonly string[]): number | null {
  return firstHitRank(retrievedDocuments, sourceIds);
}

export const STAGES = ["rewrite", "retrieve", "examples", "assemble", "generate", "first_token", "persist", "total"] as const;
export type Stage = (typeof STAGES)[number];
const STAGE_KEY: Record<Stage, keyof StageLatency> = {
  rewrite: "rewrite",
  retrieve: "retrieve",
  examples: "examples",
  assemble: "assemble",
  generate: "generate",
  first_token: "firstToken",
  persist: "persist",
  total: "total",
};

export interface TraceMetrics {
  /** Chunks retrieval returned per question (the most common `retrieval.k`), null when retrieval was off throughout. */
  retrieval_k: number | null;
  /** Share of answerable questions with source ids whose answer's retrieval returned one of their documents. */
  recall_at_k: number | null;
  /** Mean over the same questions of 1 / rank of the first source document among the distinct retrieved documents (0 when absent). */
  mrr: number | null;
  /** p50 and p95 (nearest rank) of each stage over the answers that recorded it, ms; a stage none recorded is left out. */
  latency_ms: Partial<Record<Stage, { p50: number; p95: number }>>;
  /** Mean and sum of prompt tokens over the answers that called a model (null when none did). */
  prompt_tokens_mean: number | null;
  prompt_tokens_total: number | null;
  /** Mean and sum of answer tokens over the answers that did not fail. */
  answer_tokens_mean: number | null;
  answer_tokens_total: number | null;
  /** How many answers were made each way (model, extractive, standard, not_found). */
  modes: Partial<Record<AnswerMode, number>>;
}

export type ObservedQuestion = AnswerObservation & Pick<AnsweredQuestion, "answerable" | "sourceIds">;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function mostCommon(values: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
}

export function aggregateTraceMetrics(observed: readonly ObservedQuestion[]): TraceMetrics {
  const scored = observed.filter((q) => q.answerable && q.sourceIds.length > 0 && q.retrievedDocuments !== null);
  const ranks = scored.map((q) => retrievalRank(q.retrievedDocuments!, q.sourceIds));
  const latency_ms: TraceMetrics["latency_ms"] = {};
  for (const stage of STAGES) {
    const values = observed.map((q) => q.latencyMs?.[STAGE_KEY[stage]]).filter((v): v is number => v !== undefined);
    if (values.length) latency_ms[stage] = { p50: round(percentile(values, 50), 1), p95: round(percentile(values, 95), 1) };
  }
  const prompt = observed.map((q) => q.promptTokens).filter((t): t is number => t !== null);
  const answers = observed.map((q) => q.answerTokens).filter((t): t is number => t !== null);
  const modes: TraceMetrics["modes"] = {};
  for (const q of observed) if (q.mode) modes[q.mode] = (modes[q.mode] ?? 0) + 1;
  const ratio = (x: number | null) => (x === null ? null : round(x, 4));
  return {
    retrieval_k: mostCommon(observed.flatMap((q) => (q.retrievalK === null ? [] : [q.retrievalK]))),
    recall_at_k: ratio(mean(ranks.map((r) => (r === null ? 0 : 1)))),
    mrr: ratio(mean(ranks.map((r) => (r === null ? 0 : 1 / r)))),
    latency_ms,
    prompt_tokens_mean: prompt.length ? round(mean(prompt)!, 1) : null,
    prompt_tokens_total: prompt.length ? prompt.reduce((a, b) => a + b, 0) : null,
    answer_tokens_mean: answers.length ? round(mean(answers)!, 1) : null,
    answer_tokens_total: answers.length ? answers.reduce((a, b) => a + b, 0) : null,
    modes,
  };
}
