/**
 * The extractive answer, Lore's default when no language model is configured: sentences quoted from the retrieved
 * sources, each cited `[n]`, or a refusal.
 *
 *   const answer = await extractiveAnswer({ question, sources, embedder });
 */
export {
  DEFAULT_MAX_SENTENCES,
  DEFAULT_MIN_SCORE,
  DEFAULT_MMR_LAMBDA,
  EXTRACTIVE_MODEL_ID,
  EXTRACTIVE_MODEL_LABEL,
  extractiveAnswer,
  type ExtractiveAnswer,
  type ExtractiveInput,
  type ExtractiveOptions,
  type ExtractiveSentence,
} from "./extractive";
