import type { RouterOutputs } from "@lore/api";
import type { BadgeVariant } from "@lore/ui/badge";

export type EvalRun = RouterOutputs["admin"]["evaluations"]["runs"]["list"]["items"][number];
export type RunMetrics = NonNullable<EvalRun["metrics"]>;
export type RunStatus = EvalRun["status"];

export const STATUS: Record<RunStatus, { label: string; variant: BadgeVariant }> = {
  queued: { label: "Queued", variant: "neutral" },
  running: { label: "Running", variant: "accent" },
  succeeded: { label: "Finished", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
  canceled: { label: "Canceled", variant: "warning" },
};

/** Whether a run may still change (its list and progress are polled while it does). */
export const isActive = (status: RunStatus) => status === "queued" || status === "running";

/** How often a page polls while a run is queued or running. */
export const POLL_MS = 1500;

export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${Math.round(value * 1000) / 10} %`;
export const decimal = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toFixed(3));
export const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${Math.round(value).toLocaleString("en")} ms`;
export const count = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toLocaleString("en"));
export const cost = (value: number | null | undefined) =>
  value === null || value === undefined ? "Unknown" : value === 0 ? "0" : value.toFixed(4);

/** A run's name in lists and comparisons: its label, else its rung, else "Custom run". */
export const runName = (run: Pick<EvalRun, "label" | "rung">) => run.label ?? run.rung ?? "Custom run";

export interface MetricDef {
  key: string;
  label: string;
  /** What it measures, in a few words (card hint, comparison table). */
  hint: string;
  value: (m: RunMetrics) => number | null;
  format: (value: number | null) => string;
  /** The chart group it is drawn in. */
  group: "quality" | "citations" | "refusals" | "latency" | "tokens";
  /** Lower is better (false refusals, latency, tokens, cost). */
  lowerIsBetter?: boolean;
}

/** Every metric the run page and the comparison show, in order (definitions: docs/evaluation.md). */
export const METRICS: MetricDef[] = [
  { key: "pass_rate", label: "Pass rate", hint: "cases that passed", value: (m) => m.pass_rate, format: percent, group: "quality" },
  {
    key: "recall_at_k",
    label: "Recall@k",
    hint: "a source document was retrieved",
    value: (m) => m.recall_at_k,
    format: percent,
    group: "quality",
  },
  { key: "mrr", label: "MRR", hint: "1 / rank of the first source retrieved", value: (m) => m.mrr, format: decimal, group: "quality" },
  {
    key: "contains_reference",
    label: "Contains reference",
    hint: "the answer contains an expected answer",
    value: (m) => m.contains_reference,
    format: percent,
    group: "quality",
  },
  {
    key: "token_f1",
    label: "Token F1",
    hint: "word overlap with the best reference",
    value: (m) => m.token_f1,
    format: decimal,
    group: "citations",
  },
  {
    key: "citation_precision",
    label: "Citation precision",
    hint: "cited documents that are sources",
    value: (m) => m.citation_precision,
    format: percent,
    group: "citations",
  },
  {
    key: "citation_recall",
    label: "Citation recall",
    hint: "source documents cited",
    value: (m) => m.citation_recall,
    format: percent,
    group: "citations",
  },
  {
    key: "refusal_accuracy",
    label: "Refusal accuracy",
    hint: "unanswerable cases refused",
    value: (m) => m.refusal_accuracy,
    format: percent,
    group: "refusals",
  },
  {
    key: "false_refusal_rate",
    label: "False refusals",
    hint: "answerable cases refused",
    value: (m) => m.false_refusal_rate,
    format: percent,
    group: "refusals",
    lowerIsBetter: true,
  },
  {
    key: "latency_p50",
    label: "Latency p50",
    hint: "median time per answer",
    value: (m) => m.latency_ms.total?.p50 ?? null,
    format: ms,
    group: "latency",
    lowerIsBetter: true,
  },
  {
    key: "latency_p95",
    label: "Latency p95",
    hint: "95th percentile time per answer",
    value: (m) => m.latency_ms.total?.p95 ?? null,
    format: ms,
    group: "latency",
    lowerIsBetter: true,
  },
  {
    key: "prompt_tokens",
    label: "Prompt tokens",
    hint: "sent to the model, in total",
    value: (m) => m.prompt_tokens_total,
    format: count,
    group: "tokens",
    lowerIsBetter: true,
  },
  {
    key: "answer_tokens",
    label: "Answer tokens",
    hint: "written, in total",
    value: (m) => m.answer_tokens_total,
    format: count,
    group: "tokens",
    lowerIsBetter: true,
  },
  {
    key: "estimated_cost",
    label: "Estimated cost",
    hint: "at the prices per million tokens in LLM_PRICE_INPUT_PER_MTOK and LLM_PRICE_OUTPUT_PER_MTOK; unknown without them, 0 without model calls",
    value: (m) => m.estimated_cost,
    format: cost,
    group: "tokens",
    lowerIsBetter: true,
  },
];

/** A comma-separated id list from the URL (the compare page's runs, a run page's case filter). */
export const idList = (value: string | null | undefined) =>
  (value ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
