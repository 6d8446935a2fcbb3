export { EmbeddingError, isEmbeddingError, type Embedder, type EmbeddingErrorCode, type EmbeddingErrorOptions } from "./types";
export {
  DEFAULT_HASHING_DIMENSIONS,
  DEFAULT_HASHING_WEIGHTS,
  HASHING_ALGORITHM_VERSION,
  HashingEmbedder,
  createHashingEmbedder,
  type HashingEmbedderOptions,
  type HashingFeatureWeights,
} from "./hashing";
export { OpenAIEmbedder, createOpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai";
export { LOCAL_MODEL_FILES, createLocalModelEmbedder, type LocalModelEmbedderOptions } from "./local";
export {
  createEmbedder,
  embeddingConfigSchema,
  parseEmbeddingConfig,
  type EmbeddingConfig,
  type EmbeddingProvider,
  type ResolvedEmbeddingConfig,
} from "./config";
export { EMBEDDING_ENV_VARS, createEmbedderFromEnv, embeddingEnvSchema, loadEmbeddingConfig, type EmbeddingEnv } from "./env";
export { LangChainEmbeddingsAdapter, toLangChainEmbeddings } from "./langchain";
export { cosineSimilarity, normalizeInPlace } from "./vector";
export { getDefaultEmbedder } from "./default";
