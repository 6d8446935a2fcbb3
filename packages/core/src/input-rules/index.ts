/**
 * The rules of what people type (labels, sources, tags, file sizes in words), shared by the domain and by the
 * forms that validate before they send. Browser-safe: only pure modules behind it, no Node, no database, so a
 * client component's schema can import it without pulling the parsers into the bundle.
 */
export { CONTROL_CHARACTER, MAX_SOURCE_CHARS, MAX_TAG_CHARS, labelProblem } from "../ingest/normalize";
export { formatBytes } from "../ingest/types";
export {
  MAX_EVAL_ANSWER_CHARS,
  MAX_EVAL_ANSWERS,
  MAX_EVAL_CASE_ID_CHARS,
  MAX_EVAL_CASES_PER_SET,
  MAX_EVAL_IMPORT_CHARS,
  MAX_EVAL_QUESTION_CHARS,
  MAX_EVAL_SCENARIO_CHARS,
  MAX_EVAL_SET_DESCRIPTION_CHARS,
  MAX_EVAL_SET_NAME_CHARS,
  MAX_EVAL_SOURCE_ID_CHARS,
  MAX_EVAL_SOURCE_IDS,
  evalCaseFields,
} from "../evaluations/limits";
export {
  LADDER,
  LADDER_RUNGS,
  RETRIEVAL_MODES,
  RunConfigSchema,
  type LadderRung,
  type RunConfig,
  type RunConfigInput,
} from "../eval/run-config";
