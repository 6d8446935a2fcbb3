/** Measuring retrieval and answers: evaluations on question sets (`lore eval retrieval`, `lore eval answers`, `lore eval ladder`) and the benchmarks (`lore bench retrieval`, `lore bench answers`). */
export { formatBenchSummary, runRetrievalBench, type BenchOptions, type BenchResult } from "./bench";
export { aggregateRanks, distinctDocuments, firstHitRank, percentile, roundMetrics, type RetrievalMetrics } from "./metrics";
export { formatEvalTable } from "./report";
export {
  RETRIEVERS,
  questionText,
  readQuestions,
  resolveCorpus,
  runRetrievalEval,
  type EvalQuestion,
  type Progress,
  type RetrievalEvalOptions,
  type RetrievalEvalResult,
  type RetrievalEvalRow,
  type Retriever,
} from "./retrieval";
export { prng, syntheticCorpus, type SyntheticCorpus, type SyntheticDoc } from "./synthetic";
export {
  ANSWER_EVAL_CONFIGS,
  answerQuestions,
  configOverrides,
  configRung,
  evaluationMetrics,
  formatAnswerEvalTable,
  readAnswerQuestions,
  readExamples,
  runAnswerEval,
  withEvalWorkspace,
  type AnswerEvalConfig,
  type AnswerEvalQuestion,
  type EvalExample,
  type EvalWorkspace,
  type EvaluatedQuestion,
  type AnswerEvalOptions,
  type AnswerEvalResult,
  type AnswerEvalRow,
} from "./answers";
export {
  aggregateAnswerMetrics,
  containsReference,
  normalizeAnswer,
  tokenF1,
  type AnsweredQuestion,
  type AnswerMetrics,
} from "./answer-metrics";
export {
  aggregateTraceMetrics,
  observeAnswer,
  overheadMs,
  retrievalRank,
  STAGES,
  type AnswerObservation,
  type AnswerOutcome,
  type ObservedQuestion,
  type Stage,
  type TraceMetrics,
} from "./trace-metrics";
export {
  formatLadderTable,
  runLadder,
  splitExamples,
  type ExampleSplit,
  type LadderOptions,
  type LadderResult,
  type LadderRow,
} from "./ladder";
export { formatAnswerBenchSummary, runAnswerBench, type AnswerBenchOptions, type AnswerBenchResult } from "./answer-bench";
export {
  LADDER,
  LADDER_RUNGS,
  ladderConfigs,
  RETRIEVAL_MODES,
  RunConfigSchema,
  runOverrides,
  type LadderRung,
  type RetrievalMode,
  type RunConfig,
  type RunConfigInput,
} from "./run-config";
