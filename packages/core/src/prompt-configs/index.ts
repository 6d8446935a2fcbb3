// Prompt versions: list, read, create from another with changes, activate or roll back, diff (see versions.ts).
export {
  activatePromptVersion,
  activePromptVersionId,
  createPromptVersion,
  diffPromptVersions,
  getPromptVersion,
  listPromptVersions,
  PromptConfigError,
} from "./versions";
export {
  parameterTable,
  parametersOf,
  type BudgetParameters,
  type ParameterChange,
  type PromptParameters,
  type RetrievalParameters,
} from "./parameters";
export { diffText, type DiffHunk, type DiffLine, type DiffSegment, type TextDiff } from "./text-diff";
export { providerInfo, type ProviderInfo } from "./provider";
