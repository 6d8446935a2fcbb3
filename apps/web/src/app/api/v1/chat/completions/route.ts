import { createChatCompletionsHandler } from "@lore/api/openai-compat";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/chat/completions: OpenAI's chat completions (streamed or not), answered by Lore as the owner of the
 * `Authorization: Bearer lore_…` key (packages/api/src/openai-compat).
 */
export const POST = createChatCompletionsHandler();
