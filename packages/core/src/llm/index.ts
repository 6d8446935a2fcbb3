// Language-model providers: the contract (types.ts), the OpenAI-compatible provider and its env settings.
// (The extractive default lives in ./extractive and is exported from here by its owner.)
export type { ChatMessage, ChatModel, ChatModelChunk, ChatModelRequest } from "./types";
export { createOpenAIChatModel, type OpenAIChatModelConfig } from "./openai";
export { chatModelFromEnv, loadLlmConfig, LLM_ENV_VARS, llmEnvSchema, llmPriceEnvSchema, modelPricesFromEnv, type LlmEnv } from "./env";
export { LlmError, isLlmError, type LlmErrorCode, type LlmErrorOptions } from "./errors";
