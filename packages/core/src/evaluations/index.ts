/**
 * The evaluation workbench (issue 27): evaluation sets stored in the database, runs of a set with a run
 * configuration (or the ladder of them) as background jobs, their per-case and per-run metrics, comparisons and
 * "what to do next". The metrics are those of `lore eval answers` (../eval). docs/evaluation-workbench.md.
 */
export { runNextSteps } from "./advice";
export {
  caseView,
  createCase,
  createCaseFromFeedback,
  deleteCase,
  getCase,
  listCases,
  updateCase,
  type EvalCaseView,
  type ListCasesParams,
} from "./cases";
export { compareRuns, configChanges, diffOutcomes, MAX_COMPARED_CASES, type RunComparison, type RunPair } from "./compare";
export { EvaluationError, type EvaluationErrorCode } from "./errors";
export { formatCasesJsonl, parseCasesJsonl, type CaseMetadata, type CaseRecord, type LineError } from "./jsonl";
export { judgeAnswer, judgeMessages, JUDGE_PROMPT_VERSION, JUDGE_SYSTEM_PROMPT, parseJudgeReply, type JudgeGrade } from "./judge";
export * from "./limits";
export { failLostRuns, QUIET_RUN_AFTER_MS } from "./lost-runs";
export { nextSteps, STEP_THRESHOLDS, type NextStep, type StepKind, type StepRun } from "./next-steps";
export { runEvaluation, type RunEvaluationOptions, type RunEvaluationResult } from "./run-job";
export {
  cancelRuns,
  getResultTrace,
  getRun,
  listResults,
  listRuns,
  runProgress,
  startLadder,
  startRun,
  storeRunMetrics,
  type EvalResultRow,
  type EvalResultTrace,
  type EvalRunDetail,
  type EvalRunSummary,
  type ResolvedRun,
  type StoredRunConfig,
} from "./runs";
export {
  caseMetrics,
  PASS_TOKEN_F1,
  runMetrics,
  scoreCase,
  type AskedCase,
  type CaseMetrics,
  type CaseScores,
  type ModelPrices,
  type RunMetrics,
} from "./score";
export {
  createSet,
  deleteSet,
  exportCases,
  getSet,
  importCases,
  listSets,
  updateSet,
  type EvalSetSummary,
  type ImportCasesResult,
} from "./sets";
export { knowledgeState, stateChange, type KnowledgeState, type StateChange } from "./state";
