/** Few-shot examples: their vectors, their selection for a prompt, and standard answers. See README.md. */
export {
  EXAMPLE_EMBED_BATCH,
  countPendingExamples,
  embedExamples,
  embedPendingExamples,
  type EmbedExamplesOptions,
  type EmbedExamplesResult,
} from "./embedding";
export { DEFAULT_EXAMPLE_MMR_LAMBDA, NEAR_DUPLICATE_SIMILARITY, pickExamples, type ExampleCandidate, type PickOptions } from "./pick";
export { selectExamples, type SelectExamplesParams, type SelectedExample } from "./select";
export { usableExampleSql } from "./sql";
export { findStandardAnswer, type FindStandardAnswerParams, type StandardAnswer, type StandardAnswerDocument } from "./standard-answer";
export { MAX_SUGGESTIONS, listSuggestions, type ListSuggestionsParams, type SuggestedQuestion } from "./suggestions";
