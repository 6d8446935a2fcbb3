/** Measuring retrieval: evaluation on question sets (`lore eval retrieval`) and the benchmark (`lore bench retrieval`). */
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
