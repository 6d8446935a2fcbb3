/**
 * "What to do next", derived from a run's numbers (and, given a run to compare with, from what changed): each item
 * says what the numbers show, which setting to look at, and the cases it refers to. Pure; the thresholds are the
 * targets of docs/evaluation.md (false refusals ≤ 0.15, citation precision and refusal accuracy that low are worth a
 * look). The rules are documented in docs/evaluation-workbench.md.
 */
import { configChanges, diffOutcomes } from "./compare";
import type { ResolvedRun, StoredRunConfig } from "./runs";
import { PASS_TOKEN_F1, type CaseMetrics, type RunMetrics } from "./score";
import { stateChange } from "./state";

export interface StepRun {
  id: string;
  config: StoredRunConfig;
  resolved: ResolvedRun | null;
  metrics: RunMetrics | null;
  cases: Array<{ caseId: string; metrics: CaseMetrics }>;
}

export type StepKind =
  | "errors"
  | "sources_missing"
  | "retrieval_misses"
  | "retrieved_not_cited"
  | "wrong_answers"
  | "false_refusals"
  | "false_refusals_rose"
  | "unanswerable_answered"
  | "imprecise_citations"
  | "regressions"
  | "examples_hurt"
  | "knowledge_changed"
  | "partial";

export interface NextStep {
  kind: StepKind;
  severity: "high" | "medium" | "info";
  title: string;
  detail: string;
  /** The cases it refers to (database ids). */
  caseIds: string[];
  /** Documents (source ids) involved, e.g. those the missed cases need. */
  documents?: string[];
  /** The setting to look at, its current value and, where the numbers suggest one, a direction. */
  setting?: { name: string; current: number | string | null; change?: "lower" | "raise" };
}

/** Thresholds of the rules. */
export const STEP_THRESHOLDS = { falseRefusalRate: 0.15, falseRefusalRise: 0.05, refusalAccuracy: 0.6, citationPrecision: 0.7 };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pct = (x: number) => `${Math.round(x * 100)} %`;
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

export interface StepOptions {
  /** Source ids that match no document of the knowledge base (the caller looks them up). */
  unknownSources?: ReadonlySet<string>;
  /** A run to compare with (an earlier one, or the rung before). */
  base?: StepRun | null;
}

export function nextSteps(run: StepRun, options: StepOptions = {}): NextStep[] {
  const steps: NextStep[] = [];
  const cases = run.cases;
  const answerable = cases.filter((c) => c.metrics.case.answerable && !c.metrics.failed);
  const ids = (list: typeof cases) => list.map((c) => c.caseId);
  const refusalThreshold = num(run.resolved?.retrieval.refusalThreshold);

  const failed = cases.filter((c) => c.metrics.failed);
  if (failed.length)
    steps.push({
      kind: "errors",
      severity: "high",
      title: `${plural(failed.length, "answer")} failed`,
      detail:
        "These cases ended with an error instead of an answer (the model unreachable, a timeout…). Open one to read the error; check the model's settings (LLM_*) and run again.",
      caseIds: ids(failed),
    });

  const unknown = options.unknownSources ?? new Set<string>();
  const needUnknown = answerable.filter(
    (c) => c.metrics.case.sourceIds.length > 0 && c.metrics.case.sourceIds.every((s) => unknown.has(s)),
  );
  if (needUnknown.length)
    steps.push({
      kind: "sources_missing",
      severity: "high",
      title: `${plural(needUnknown.length, "case")} need documents the knowledge base does not have`,
      detail: "None of their source ids matches a document's external id: import these documents (or correct the ids in the set).",
      caseIds: ids(needUnknown),
      documents: [...new Set(needUnknown.flatMap((c) => c.metrics.case.sourceIds))].sort(),
    });

  const missed = answerable.filter((c) => c.metrics.reciprocal_rank === 0 && !needUnknown.includes(c));
  if (missed.length)
    steps.push({
      kind: "retrieval_misses",
      severity: missed.length >= 0.1 * answerable.length ? "high" : "medium",
      title: `Retrieval misses the source on ${plural(missed.length, "case")}`,
      detail: `None of the documents these cases need was among the ${num(run.resolved?.retrieval.k) ?? "k"} passages retrieved. Check that the documents are current and readable by ${run.resolved?.asker.email ?? "the admin who ran it"}; then try hybrid retrieval, more candidates or a larger k.`,
      caseIds: ids(missed),
      documents: [...new Set(missed.flatMap((c) => c.metrics.case.sourceIds))].sort(),
      setting: { name: "retrieval.k", current: num(run.resolved?.retrieval.k) },
    });

  const notCited = answerable.filter((c) => (c.metrics.first_hit_rank ?? 0) > 0 && !c.metrics.refused && c.metrics.citation_recall === 0);
  if (notCited.length)
    steps.push({
      kind: "retrieved_not_cited",
      severity: "medium",
      title: `The source was retrieved but not cited on ${plural(notCited.length, "case")}`,
      detail:
        "The right document was among the passages, yet the answer cited others. Look at the prompt those cases sent: the instructions on citing, examples that show it, or fewer passages (k) may help.",
      caseIds: ids(notCited),
    });

  const wrong = answerable.filter(
    (c) =>
      !c.metrics.refused &&
      c.metrics.contains_reference === false &&
      (c.metrics.token_f1 ?? 0) < PASS_TOKEN_F1 &&
      (c.metrics.citation_recall ?? 1) > 0,
  );
  if (wrong.length)
    steps.push({
      kind: "wrong_answers",
      severity: "medium",
      title: `${plural(wrong.length, "answer")} cite the right source but miss the expected answer`,
      detail:
        "Retrieval did its part. Compare the answer with the expected one: a model, the prompt's instructions or examples of the expected form are the levers here (with the extractive default, a long quote may simply not contain the short reference).",
      caseIds: ids(wrong),
    });

  const refusedAnswerable = answerable.filter((c) => c.metrics.refused);
  const falseRate = run.metrics?.false_refusal_rate ?? null;
  if (falseRate !== null && falseRate > STEP_THRESHOLDS.falseRefusalRate)
    steps.push({
      kind: "false_refusals",
      severity: "high",
      title: `${pct(falseRate)} of answerable questions were refused`,
      detail: `Above the ${pct(STEP_THRESHOLDS.falseRefusalRate)} target. Lower the refusal threshold (retrieval's "nothing found" similarity, or the extractive answerer's minimum score), then check that refusal accuracy holds.`,
      caseIds: ids(refusedAnswerable),
      setting: { name: "retrieval.refusalThreshold", current: refusalThreshold, change: "lower" },
    });

  const unanswerable = cases.filter((c) => !c.metrics.case.answerable && !c.metrics.failed);
  const accuracy = run.metrics?.refusal_accuracy ?? null;
  if (accuracy !== null && accuracy < STEP_THRESHOLDS.refusalAccuracy)
    steps.push({
      kind: "unanswerable_answered",
      severity: "medium",
      title: `Only ${pct(accuracy)} of unanswerable questions were refused`,
      detail:
        "The others got an answer the knowledge base does not support. Raise the refusal threshold, watching false refusals; with a model, the prompt's instruction to say when the sources do not answer matters too.",
      caseIds: ids(unanswerable.filter((c) => !c.metrics.refused)),
      setting: { name: "retrieval.refusalThreshold", current: refusalThreshold, change: "raise" },
    });

  const precision = run.metrics?.citation_precision ?? null;
  if (precision !== null && precision < STEP_THRESHOLDS.citationPrecision)
    steps.push({
      kind: "imprecise_citations",
      severity: "medium",
      title: `Citations are imprecise (precision ${precision.toFixed(2)})`,
      detail:
        "Answers cite documents that are not their sources. Fewer passages (a smaller k) or diversity (MMR) leave fewer wrong documents to cite.",
      caseIds: ids(answerable.filter((c) => (c.metrics.citation_precision ?? 1) < 1)),
      setting: { name: "retrieval.k", current: num(run.resolved?.retrieval.k), change: "lower" },
    });

  if (options.base) steps.push(...comparedSteps(run, options.base));

  if (run.metrics?.partial)
    steps.push({
      kind: "partial",
      severity: "info",
      title: `Partial run: ${run.metrics.cases} of ${run.metrics.cases_total} cases`,
      detail: "The run was cancelled or failed before its end: its metrics cover the cases it finished.",
      caseIds: [],
    });
  return steps;
}

/** What the comparison with an earlier run adds. */
function comparedSteps(run: StepRun, base: StepRun): NextStep[] {
  const steps: NextStep[] = [];
  const outcomes = [...base.cases, ...run.cases].map((c, i) => ({
    runId: i < base.cases.length ? base.id : run.id,
    caseId: c.caseId,
    pass: c.metrics.pass,
  }));
  const { regressions } = diffOutcomes(outcomes, base.id, run.id);
  const changes = configChanges(base.config, run.config);
  const before = base.metrics?.false_refusal_rate ?? null;
  const after = run.metrics?.false_refusal_rate ?? null;
  if (before !== null && after !== null && after - before >= STEP_THRESHOLDS.falseRefusalRise) {
    const baseRefused = new Set(base.cases.filter((c) => c.metrics.refused).map((c) => c.caseId));
    const thresholds = [num(base.resolved?.retrieval.refusalThreshold), num(run.resolved?.retrieval.refusalThreshold)];
    steps.push({
      kind: "false_refusals_rose",
      severity: "high",
      title: `False refusals rose from ${pct(before)} to ${pct(after)}`,
      detail:
        thresholds[0] !== thresholds[1]
          ? `The refusal threshold changed from ${thresholds[0]} to ${thresholds[1]}: set it back or between the two.`
          : "Look at the refusal threshold (retrieval's, or the extractive answerer's minimum score) for this configuration.",
      caseIds: run.cases.filter((c) => c.metrics.case.answerable && c.metrics.refused && !baseRefused.has(c.caseId)).map((c) => c.caseId),
      setting: { name: "retrieval.refusalThreshold", current: thresholds[1] ?? null, change: "lower" },
    });
  }
  // Unset in the configuration = the prompt version's setting (recorded in `resolved`; on by default).
  const examplesOn = (r: typeof run) => r.config.examples.enabled ?? r.resolved?.examples.enabled !== false;
  const examplesAdded = !examplesOn(base) && examplesOn(run);
  if (regressions.length && examplesAdded && (run.metrics?.pass_rate ?? 0) < (base.metrics?.pass_rate ?? 0))
    steps.push({
      kind: "examples_hurt",
      severity: "high",
      title: `Examples hurt: ${plural(regressions.length, "case")} passed without them and fail with them`,
      detail:
        "Open these cases' prompts to see which examples they got (or which standard answer replaced the answer); fix, unpin or disable those examples, or keep this rung off.",
      caseIds: regressions,
      setting: { name: "examples.enabled", current: "on" },
    });
  else if (regressions.length)
    steps.push({
      kind: "regressions",
      severity: "medium",
      title: `${plural(regressions.length, "case")} passed before and fail now`,
      detail: changes.length
        ? `What changed: ${changes.join("; ")}.`
        : "The configurations are the same: the difference comes from the knowledge or the model.",
      caseIds: regressions,
    });
  const knowledge = base.resolved && run.resolved ? stateChange(base.resolved.knowledge, run.resolved.knowledge) : null;
  if (knowledge && (knowledge.documents || knowledge.examples))
    steps.push({
      kind: "knowledge_changed",
      severity: "info",
      title: "The knowledge changed between these runs",
      detail: `${knowledge.documents ? "Documents" : "Examples"}${knowledge.documents && knowledge.examples ? " and examples" : ""} differ, so part of any difference comes from them rather than from the configuration.`,
      caseIds: [],
      ...(knowledge.changedDocuments ? { documents: knowledge.changedDocuments } : {}),
    });
  return steps;
}
