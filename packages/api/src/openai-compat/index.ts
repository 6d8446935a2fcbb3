// The OpenAI-compatible endpoint (`/api/v1/chat/completions`, `/api/v1/models`) the employee app mounts; see handlers.ts.
export { createChatCompletionsHandler, createModelsHandler, type OpenAICompatOptions } from "./handlers";
export { LORE_MODEL_ID, type CompletionSource } from "./format";
