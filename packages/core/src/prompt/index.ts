export {
  assemblePrompt,
  defaultSafetyMargin,
  MESSAGE_OVERHEAD_TOKENS,
  REPLY_PRIMING_TOKENS,
  type AssembleInput,
  type AssembledPrompt,
  type BudgetSections,
  type DroppedItem,
  type PromptBudget,
} from "./assemble";
export { PromptBudgetError, isPromptBudgetError, type PromptBudgetErrorCode } from "./errors";
export { condenseHistory, type CondenseOptions } from "./history";
export { detectLanguage, isVietnamese, languageName, refusalText, type RefusalOptions } from "./language";
export { isFollowUp, parseRewrittenQuery, rewritePromptMessages, rewriteQuestion, type RewrittenQuery } from "./rewrite";
export { stripCitations } from "./text";
export type { HistoryTurn, NumberedSource, PromptExample } from "./types";
