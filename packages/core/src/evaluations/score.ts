/**
 * A case's scores and a run's metrics, pure. Every metric comes from the code `lore eval answers` and
 * `lore eval ladder` use (eval/answer-metrics.ts, eval/trace-metrics.ts); this adds what only the workbench needs:
 * the per-case view of those metrics, whether a case passes, and the estimated cost. Definitions:
 * docs/evaluation.md (the metrics) and docs/evaluation-workbench.md (pass, cost).
 */
import type { AnswerMode, StageLatency } from "../answer";
import {
  aggregateAnswerMetrics,
  bestTokenF1,
  citationScores,
  containsReference,
  normalizeAnswer,
  type AnswerMetrics,
} from "../eval/answer-metrics";
import { aggregateTraceMetrics, retrievalRank, type AnswerObservation, type TraceMetrics } from "../eval/trace-metrics";
import type { JudgeGrade } from "./judge";

/** A case as it was asked: a copy kept with its result, so a later edit of the case changes no past run. */
export interface AskedCase {
  question: string;
  scenario?: string;
  answerable: boolean;
  answers: string[];
  sourceIds: string[];
}

/** A token F1 at or above this counts as a correct answer when the reference is not contained whole. */
export const PASS_TOKEN_F1 = 0.5;

export interface CaseScores {
  /** Null when the case cannot measure it (unanswerable, or no reference answer). */
  contains_reference: boolean | null;
  token_f1: number | null;
  /** Null for an unanswerable case, one without source ids, or an answer citing nothing. */
  citation_precision: number | null;
  /** Null for an unanswerable case or one without source ids; 0 for a refusal. */
  citation_recall: number | null;
  refused: boolean;
  failed: boolean;
  /** Rank of the first source document among the distinct retrieved documents (null: none retrieved, or not measurable). */
  first_hit_rank: number | null;
  /** 1 / first_hit_rank, 0 when missed; null when not measurable (unanswerable, no source ids, retrieval off). */
  reciprocal_rank: number | null;
  pass: boolean;
}

/**
 * Whether a case passes:
 *   - an answer that failed (an error event) never passes;
 *   - unanswerable: the answer refused;
 *   - answerable: not refused, correct (contains a reference, or token F1 ≥ {@link PASS_TOKEN_F1}; a case without
 *     reference answers cannot fail on this), and citing at least one of its source documents when it has any.
 */
export function scoreCase(asked: AskedCase, observed: AnswerObservation): CaseScores {
  const failed = observed.failed === true;
  const references = asked.answerable ? asked.answers.filter((r) => normalizeAnswer(r) !== "") : [];
  const measurable = references.length > 0;
  const contains = measurable ? containsReference(observed.answer, references) : null;
  const f1 = measurable ? bestTokenF1(observed.answer, references) : null;
  const withSources = asked.answerable && asked.sourceIds.length > 0;
  const citation = withSources ? citationScores(observed.refused ? [] : observed.citedDocuments, asked.sourceIds) : null;
  const rank = withSources && observed.retrievedDocuments !== null ? retrievalRank(observed.retrievedDocuments, asked.sourceIds) : null;
  const reciprocal = withSources && observed.retrievedDocuments !== null ? (rank === null ? 0 : 1 / rank) : null;
  const correct = !measurable || contains === true || (f1 ?? 0) >= PASS_TOKEN_F1;
  const cites = !withSources || (citation?.recall ?? 0) > 0;
  const pass = !failed && (asked.answerable ? !observed.refused && correct && cites : observed.refused);
  return {
    contains_reference: contains,
    token_f1: f1 === null ? null : Math.round(f1 * 10_000) / 10_000,
    citation_precision: citation?.precision ?? null,
    citation_recall: citation ? (citation.recall ?? 0) : null,
    refused: observed.refused,
    failed,
    first_hit_rank: rank,
    reciprocal_rank: reciprocal,
    pass,
  };
}

/** What eval_results.metrics holds: the case as asked, its scores, and what its answer's trace said. */
export interface CaseMetrics extends CaseScores {
  case: AskedCase;
  mode: AnswerMode | null;
  /** Document keys (source-id form) the answer cited. */
  cited: string[];
  retrieval_k: number | null;
  overhead_ms: number | null;
  latency_ms: StageLatency | null;
  prompt_tokens: number | null;
  answer_tokens: number | null;
  judge?: JudgeGrade | null;
}

export function caseMetrics(asked: AskedCase, observed: AnswerObservation, judge?: JudgeGrade | null): CaseMetrics {
  return {
    case: asked,
    ...scoreCase(asked, observed),
    mode: observed.mode,
    cited: [...observed.citedDocuments],
    retrieval_k: observed.retrievalK,
    overhead_ms: observed.overheadMs,
    latency_ms: observed.latencyMs,
    prompt_tokens: observed.promptTokens,
    answer_tokens: observed.answerTokens,
    ...(judge === undefined ? {} : { judge }),
  };
}

/** A stored result read back as the aggregates take it (`retrieved`: the result's retrieved_ids, null with retrieval off). */
export function observationOf(m: CaseMetrics, answer: string, retrieved: string[] | null): AnswerObservation {
  return {
    answer,
    citedDocuments: m.cited,
    refused: m.refused,
    overheadMs: m.overhead_ms,
    ...(m.failed ? { failed: true } : {}),
    mode: m.mode,
    retrievedDocuments: retrieved,
    retrievalK: m.retrieval_k,
    latencyMs: m.latency_ms,
    promptTokens: m.prompt_tokens,
    answerTokens: m.answer_tokens,
  };
}

/** Prices of the configured model per million tokens (LLM_PRICE_*); null when not configured. */
export interface ModelPrices {
  inputPerMTok: number;
  outputPerMTok: number;
}

export interface RunMetrics extends AnswerMetrics, TraceMetrics {
  /** Cases with a result; `partial` when fewer than the run's cases (cancelled or failed). */
  cases: number;
  cases_total: number;
  partial: boolean;
  passed: number;
  pass_rate: number | null;
  /** Estimated cost of the model calls at the configured prices: 0 when no model was called, null when prices are unknown. */
  estimated_cost: number | null;
  /** Means of the judge's grades (0–1) over the graded cases; null without a judge. */
  judge_correctness: number | null;
  judge_faithfulness: number | null;
  judged: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

export interface StoredCase {
  metrics: CaseMetrics;
  answer: string;
  retrieved: string[] | null;
}

/** A run's metrics over the cases it finished. */
export function runMetrics(results: readonly StoredCase[], casesTotal: number, prices: ModelPrices | null): RunMetrics {
  const answered = results.map((r) => ({
    answerable: r.metrics.case.answerable,
    references: r.metrics.case.answers,
    sourceIds: r.metrics.case.sourceIds,
    ...observationOf(r.metrics, r.answer, r.retrieved),
  }));
  const passed = results.filter((r) => r.metrics.pass).length;
  const modelCalls = results.filter((r) => r.metrics.mode === "model");
  const cost = (prices: ModelPrices) =>
    modelCalls.reduce(
      (sum, r) =>
        sum + ((r.metrics.prompt_tokens ?? 0) * prices.inputPerMTok + (r.metrics.answer_tokens ?? 0) * prices.outputPerMTok) / 1e6,
      0,
    );
  const judged = results.flatMap((r) => (r.metrics.judge ? [r.metrics.judge] : []));
  const judgeMean = (key: "correctness" | "faithfulness") => {
    const m = mean(judged.flatMap((j) => (j[key] === null ? [] : [j[key]])));
    return m === null ? null : round(m);
  };
  return {
    ...aggregateAnswerMetrics(answered),
    ...aggregateTraceMetrics(answered),
    cases: results.length,
    cases_total: casesTotal,
    partial: results.length < casesTotal,
    passed,
    pass_rate: results.length ? round(passed / results.length) : null,
    estimated_cost: modelCalls.length === 0 ? 0 : prices ? round(cost(prices), 6) : null,
    judge_correctness: judgeMean("correctness"),
    judge_faithfulness: judgeMean("faithfulness"),
    judged: judged.length,
  };
}
