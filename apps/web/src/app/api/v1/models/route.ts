import { createModelsHandler } from "@lore/api/openai-compat";

export const dynamic = "force-dynamic";

/** GET /api/v1/models: the one model, `lore`, for OpenAI clients that list models first (needs an API key). */
export const GET = createModelsHandler();
