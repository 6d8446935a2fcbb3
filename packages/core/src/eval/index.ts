/** Measuring retrieval and answers: evaluations on question sets (`lore eval retrieval`, `lore eval answers`) and the benchmarks (`lore bench retrieval`, `lore bench answers`). */
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
  configOverrides,
  formatAnswerEvalTable,
  readAnswerQuestions,
  readExamples,
  runAnswerEval,
  type AnswerEvalConfig,
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
