import { LoreError } from "../errors/lore-error";

export type EvaluationErrorCode =
  | "SET_NOT_FOUND"
  | "SET_NAME_TAKEN"
  | "SET_FULL"
  | "SET_EMPTY"
  | "CASE_NOT_FOUND"
  | "CASE_ID_TAKEN"
  | "RUN_NOT_FOUND"
  | "RUN_FINISHED"
  | "PROMPT_VERSION_NOT_FOUND"
  | "JUDGE_NEEDS_MODEL"
  | "RUNS_NOT_COMPARABLE";

/** What the workbench refuses, in words an admin can act on. */
export class EvaluationError extends LoreError<EvaluationErrorCode> {
  override readonly name = "EvaluationError";
}

export const setNotFound = () =>
  new EvaluationError("SET_NOT_FOUND", "not_found", "That evaluation set does not exist (it may have been deleted).");
export const caseNotFound = () =>
  new EvaluationError("CASE_NOT_FOUND", "not_found", "That case does not exist (it may have been deleted).");
export const runNotFound = () =>
  new EvaluationError("RUN_NOT_FOUND", "not_found", "That evaluation run does not exist (its set may have been deleted).");

export { isUniqueViolation } from "../knowledge-base/publish/context";
