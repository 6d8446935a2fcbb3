/** Few-shot examples: their vectors, selection, standard answers, and curation (CRUD, JSONL, stale, Try it). See README.md. */
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
export { EXAMPLE_NOT_FOUND_MESSAGE, ExampleError, type ExampleErrorCode } from "./errors";
export {
  DEFAULT_EXAMPLE_PAGE,
  createExample,
  deleteExample,
  getExample,
  listExamples,
  markExampleReviewed,
  setExampleFlags,
  updateExample,
  type EmbedderSource,
  type ExampleFields,
  type ExampleRow,
  type ListExamplesParams,
} from "./manage";
export {
  EXPORT_PAGE,
  MAX_EXAMPLE_ANSWER_CHARS,
  MAX_EXAMPLE_QUESTION_CHARS,
  exportExamplesJsonl,
  importExamples,
  parseExamplesJsonl,
  type ExampleLine,
  type ImportResult,
  type LineError,
} from "./jsonl";
export { STALE_EXAMPLE_SQL, staleChangeHref, staleLinks, type StaleLink } from "./stale";
export { TRY_CANDIDATES, tryExamples, type TryCandidate, type TryResult } from "./try";
