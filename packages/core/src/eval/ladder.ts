/**
 * `lore eval ladder`: every rung of the ladder (run-config.ts: prompt only → + few-shot → + retrieval (vector) →
 * + hybrid → + hybrid and few-shot) over the same questions, on one import of the corpus. The import, the examples
 * and the answering are `lore eval answers`' own (answers.ts); a rung's configuration is `ladderConfigs()`'s, the
 * same the workbench runs, applied with `runOverrides`.
 *
 * Examples come from a file, or from the question set itself (`examplesFromQuestions`): every n-th answerable
 * question with a reference becomes an example (its question → its first reference, its source ids) and leaves the
 * test set, so no question is both.
 */
import { EXTRACTIVE_MODEL_ID } from "../llm/extractive";
import type { ChatModel } from "../llm/types";
import type { AnswerMetrics } from "./answer-metrics";
import {
  answerQuestions,
  evaluationMetrics,
  readAnswerQuestions,
  readExamples,
  spread,
  withEvalWorkspace,
  workspaceFacts,
  type AnswerEvalQuestion,
  type EvalExample,
  type EvaluatedQuestion,
} from "./answers";
import type { Embedder } from "../embed/types";
import { questionText, type Progress } from "./retrieval";
import { ladderConfigs, runOverrides, type LadderRung, type RunConfig, type RunConfigInput } from "./run-config";
import type { TraceMetrics } from "./trace-metrics";

/** How the question set was split into examples and test questions. */
export interface ExampleSplit {
  examples: EvalExample[];
  /** The ids of the questions that became examples, in file order. */
  exampleIds: string[];
  test: AnswerEvalQuestion[];
  /** The rule, in words, for the report. */
  rule: string;
}

/**
 * Takes `spec` examples from the questions: a whole number = that many, a fraction in (0, 1) = that share (rounded)
 * of the pool. The pool is the answerable questions with a non-empty first reference, in file order; of its P
 * questions, the m examples are those at positions ⌊i·P/m⌋ for i = 0…m−1 (every (P/m)-th, starting with the first).
 * An example's question is asked as the test questions are (with its scenario unless `withScenario` is false).
 */
export function splitExamples(questions: readonly AnswerEvalQuestion[], spec: number, withScenario = true): ExampleSplit {
  const pool = questions.filter((q) => q.answerable && (q.answers[0] ?? "").trim() !== "");
  const count = spec < 1 ? Math.round(spec * pool.length) : Math.floor(spec);
  if (!(spec > 0) || count < 1)
    throw new Error(`--examples-from-questions ${spec} takes no question: give a count ≥ 1 or a share in (0, 1).`);
  if (count >= pool.length)
    throw new Error(
      `--examples-from-questions ${spec} would take all ${pool.length} answerable questions with a reference: none would be left to test.`,
    );
  const chosen = new Set(Array.from({ length: count }, (_, i) => pool[Math.floor((i * pool.length) / count)]!));
  const picked = questions.filter((q) => chosen.has(q));
  return {
    examples: picked.map((q) => ({ question: questionText(q, withScenario), answer: q.answers[0]!, source_ids: q.source_ids })),
    exampleIds: picked.map((q) => q.id),
    test: questions.filter((q) => !chosen.has(q)),
    rule: `one in every ${Number((pool.length / count).toFixed(2))} of the ${pool.length} answerable questions with a reference (positions ⌊i·${pool.length}/${count}⌋, i = 0…${count - 1}): ${count} examples`,
  };
}

export interface LadderOptions {
  corpus: string;
  questions: string;
  /** Few-shot examples (JSONL: question, answer, source_ids?). */
  examples?: string;
  /** Take examples from the questions (a count, or a share in (0, 1)): see {@link splitExamples}. */
  examplesFromQuestions?: number;
  /** Prefix each question with its scenario when the record has one (default true). */
  withScenario?: boolean;
  /** Answer only this many test questions (after the split), evenly spaced. */
  limit?: number;
  /** The base the rungs are built from (prompt version, answerer, retrieval tuning): `ladderConfigs(base)`. */
  base?: RunConfigInput;
  embedder: Embedder;
  /** The configured model; null = the extractive default. */
  model: ChatModel | null;
  progress?: Progress;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Called with each rung's row as soon as it is measured. */
  onRow?: (row: LadderRow) => void;
}

export interface LadderRow extends AnswerMetrics, TraceMetrics {
  rung: LadderRung;
  label: string;
  model: string;
  corpus: string;
  documents: number;
  chunks: number;
  examples: number;
  /** Where the examples came from, and which questions they are when they came from the question set. */
  examples_from: "none" | "file" | "questions" | "file+questions";
  example_question_ids: string[];
  seconds: number;
  config: RunConfig;
}

export interface LadderResult {
  rows: LadderRow[];
  /** Each rung's questions as answered (for tests and per-case reports; not printed). */
  answered: Record<LadderRung, EvaluatedQuestion[]>;
  split: ExampleSplit | null;
  documents: number;
  chunks: number;
  examples: number;
  importFailures: string[];
  importSeconds: number;
  evalSeconds: number;
}

export async function runLadder(options: LadderOptions): Promise<LadderResult> {
  const withScenario = options.withScenario ?? true;
  const all = await readAnswerQuestions(options.questions);
  const split = options.examplesFromQuestions === undefined ? null : splitExamples(all, options.examplesFromQuestions, withScenario);
  const questions = spread(split ? split.test : all, options.limit);
  if (questions.length === 0) throw new Error(`${options.questions} has no questions.`);
  const fromFile = options.examples ? await readExamples(options.examples) : [];
  const examples = [...fromFile, ...(split?.examples ?? [])];
  const examplesFrom: LadderRow["examples_from"] =
    fromFile.length && split ? "file+questions" : split ? "questions" : fromFile.length ? "file" : "none";
  const log = options.log ?? (() => {});
  if (split) log(`examples from the questions: ${split.rule}; ${split.test.length} test questions left`);

  const rungs = ladderConfigs(options.base);
  return withEvalWorkspace({ ...options, examples }, async (workspace) => {
    const rows: LadderRow[] = [];
    const answered = {} as Record<LadderRung, EvaluatedQuestion[]>;
    const t0 = performance.now();
    options.progress?.start("answers", questions.length * rungs.length);
    for (const { rung, label, config } of rungs) {
      const started = performance.now();
      const model = config.answerer === "extractive" ? null : options.model;
      answered[rung] = await answerQuestions(workspace, questions, { ...options, withScenario, model, overrides: runOverrides(config) });
      const row: LadderRow = {
        rung,
        label,
        ...evaluationMetrics(answered[rung]),
        model: model?.id ?? EXTRACTIVE_MODEL_ID,
        corpus: options.corpus,
        documents: workspace.documents,
        chunks: workspace.chunks,
        examples: workspace.examples,
        examples_from: examplesFrom,
        example_question_ids: split?.exampleIds ?? [],
        seconds: Math.round((performance.now() - started) / 100) / 10,
        config,
      };
      rows.push(row);
      options.onRow?.(row);
    }
    options.progress?.stop();
    return {
      rows,
      answered,
      split,
      ...workspaceFacts(workspace),
      evalSeconds: (performance.now() - t0) / 1000,
    };
  });
}

const fmt = (x: number | null) => (x === null ? "–" : x.toFixed(3));
const ms = (stage: { p50: number; p95: number } | undefined) => (stage ? `${stage.p50} / ${stage.p95}` : "–");

/** The human summary of `lore eval ladder` (stderr): a Markdown table, one row per rung. */
export function formatLadderTable(result: LadderResult): string {
  const r0 = result.rows[0];
  const head = `${result.documents} documents, ${result.chunks} chunks, ${result.examples} examples (${r0?.examples_from ?? "none"}), ${r0?.questions ?? 0} test questions (${r0?.answerable ?? 0} answerable); model ${r0?.model} (import ${result.importSeconds.toFixed(1)} s, answers ${result.evalSeconds.toFixed(1)} s)`;
  const lines = [
    "| rung | recall@k / MRR | contains ref. | token F1 | citation P | citation R | refusal acc. | false refusals | retrieve / generate p50 ms | total p50 / p95 ms | tokens in / out (mean) | errors |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of result.rows)
    lines.push(
      `| ${r.rung} | ${fmt(r.recall_at_k)} / ${fmt(r.mrr)} | ${fmt(r.contains_reference)} | ${fmt(r.token_f1)} | ${fmt(r.citation_precision)} | ${fmt(r.citation_recall)} | ${fmt(r.refusal_accuracy)} | ${fmt(r.false_refusal_rate)} | ${r.latency_ms.retrieve?.p50 ?? "–"} / ${r.latency_ms.generate?.p50 ?? "–"} | ${ms(r.latency_ms.total)} | ${r.prompt_tokens_mean ?? "–"} / ${r.answer_tokens_mean ?? "–"} | ${r.errors} |`,
    );
  return [head, ...lines].join("\n");
}
