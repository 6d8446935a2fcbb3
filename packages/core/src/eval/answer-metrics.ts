/**
 * The metrics of `lore eval answers`, pure: one {@link AnsweredQuestion} per question in, the aggregate out.
 * Definitions (also in docs/evaluation.md): text metrics as SQuAD's evaluation script computes them
 * (Rajpurkar et al. 2016: lower case, punctuation and the articles a/an/the removed, whitespace collapsed),
 * citations at document level against the question's `source_ids`, a refusal = the answer's mode `not_found`.
 */
import { percentile } from "./metrics";

/** One question as asked and answered. */
export interface AnsweredQuestion {
  answerable: boolean;
  /** The reference answers (any one may match). */
  references: readonly string[];
  /** The documents that answer it (dataset ids). */
  sourceIds: readonly string[];
  /** The answer's text as shown (citation markers included). */
  answer: string;
  /** Dataset ids of the documents the answer cites. */
  citedDocuments: readonly string[];
  /** The answer said "not found in the knowledge base" (mode `not_found`). */
  refused: boolean;
  /** The pipeline's own time (everything but the model), ms; null when the answer failed. */
  overheadMs: number | null;
  /** The pipeline ended with an error event. */
  failed?: boolean;
}

export interface AnswerMetrics {
  /** Share of answerable questions with references whose answer contains a normalised reference. */
  contains_reference: number | null;
  /** Mean over the same questions of the best token F1 against any reference. */
  token_f1: number | null;
  /** Mean, over answerable questions with source ids whose answer cites something, of cited ∩ sources / cited. */
  citation_precision: number | null;
  /** Mean, over answerable questions with source ids, of cited ∩ sources / sources (a refusal counts 0). */
  citation_recall: number | null;
  /** Share of unanswerable questions refused. */
  refusal_accuracy: number | null;
  /** Share of answerable questions refused. */
  false_refusal_rate: number | null;
  overhead_p50_ms: number | null;
  overhead_p95_ms: number | null;
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Answers that ended with an error event (counted as not refused, empty, citing nothing). */
  errors: number;
}

const MARKERS = /\[\d+(?:\s*[,;]\s*\d+)*\]/g;
const PUNCTUATION = /[\p{P}\p{S}]/gu;
const ARTICLES = /\b(?:a|an|the)\b/g;

/** SQuAD's normalisation, Unicode-aware: citation markers, punctuation and English articles removed, lower case, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize("NFC")
    .replace(MARKERS, " ")
    .toLowerCase()
    .replace(PUNCTUATION, " ")
    .replace(ARTICLES, " ")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

const tokens = (text: string) => {
  const n = normalizeAnswer(text);
  return n === "" ? [] : n.split(" ");
};

/** Token F1 of one prediction against one reference (SQuAD's `f1_score`): 0 when either is empty after normalising. */
export function tokenF1(prediction: string, reference: string): number {
  const p = tokens(prediction);
  const r = tokens(reference);
  if (p.length === 0 || r.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of p) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      common++;
      counts.set(t, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / r.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best token F1 against any reference (0 without references). */
export function bestTokenF1(prediction: string, references: readonly string[]): number {
  return references.reduce((best, r) => Math.max(best, tokenF1(prediction, r)), 0);
}

/** Whether a normalised reference occurs in the normalised answer as whole words. */
export function containsReference(answer: string, references: readonly string[]): boolean {
  const haystack = ` ${normalizeAnswer(answer)} `;
  return references.some((r) => {
    const needle = normalizeAnswer(r);
    return needle !== "" && haystack.includes(` ${needle} `);
  });
}

/** Document-level precision and recall of the cited documents against the source ids (null when undefined). */
export function citationScores(cited: readonly string[], sources: readonly string[]): { precision: number | null; recall: number | null } {
  const citedSet = new Set(cited);
  const sourceSet = new Set(sources);
  const hits = [...citedSet].filter((d) => sourceSet.has(d)).length;
  return {
    precision: citedSet.size === 0 ? null : hits / citedSet.size,
    recall: sourceSet.size === 0 ? null : hits / sourceSet.size,
  };
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const round = (x: number | null, digits = 4) => (x === null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export function aggregateAnswerMetrics(answered: readonly AnsweredQuestion[]): AnswerMetrics {
  const answerable = answered.filter((q) => q.answerable);
  const unanswerable = answered.filter((q) => !q.answerable);
  const withReferences = answerable.filter((q) => q.references.some((r) => normalizeAnswer(r) !== ""));
  const withSources = answerable.filter((q) => q.sourceIds.length > 0);
  const citation = withSources.map((q) => citationScores(q.refused ? [] : q.citedDocuments, q.sourceIds));
  const overheads = answered.map((q) => q.overheadMs).filter((ms): ms is number => ms !== null);
  return {
    contains_reference: round(mean(withReferences.map((q) => (containsReference(q.answer, q.references) ? 1 : 0)))),
    token_f1: round(mean(withReferences.map((q) => bestTokenF1(q.answer, q.references)))),
    citation_precision: round(mean(citation.map((c) => c.precision).filter((p): p is number => p !== null))),
    citation_recall: round(mean(citation.map((c) => c.recall ?? 0))),
    refusal_accuracy: round(mean(unanswerable.map((q) => (q.refused ? 1 : 0)))),
    false_refusal_rate: round(mean(answerable.map((q) => (q.refused ? 1 : 0)))),
    overhead_p50_ms: round(overheads.length ? percentile(overheads, 50) : null, 1),
    overhead_p95_ms: round(overheads.length ? percentile(overheads, 95) : null, 1),
    questions: answered.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    errors: answered.filter((q) => q.failed).length,
  };
}
