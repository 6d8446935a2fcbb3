import { z } from "zod";
import { LlmError } from "./errors";
import { createOpenAIChatModel, type OpenAIChatModelConfig } from "./openai";
import type { ChatModel } from "./types";

/**
 * The model settings of the environment — the only place the llm folder reads `process.env`. Read on demand (not at
 * import), so tests can pass their own.
 *
 *   LLM_PROVIDER     extractive (default: offline, no model; answers are quoted from the sources) | openai
 *   LLM_BASE_URL     openai: API base up to /v1 (default https://api.openai.com/v1; Ollama http://localhost:11434/v1)
 *   LLM_API_KEY      openai: bearer key (required for OpenAI itself; Ollama/vLLM without auth need none)
 *   LLM_MODEL        openai: model or Azure deployment name (required)
 *   LLM_TIMEOUT_MS   openai: fail when the server sends nothing for this long, first byte or between chunks (default 60000)
 *   LLM_MAX_RETRIES  openai: retries on 429/5xx/connection failures before any text arrived (default 3)
 *   LLM_PRICE_INPUT_PER_MTOK, LLM_PRICE_OUTPUT_PER_MTOK
 *                    the model's price per million prompt / answer tokens, for the evaluation workbench's cost
 *                    estimate (unset: the estimate is unknown)
 */

const int = (name: string) => z.coerce.number({ error: `${name} must be a whole number` }).int(`${name} must be a whole number`);

export const llmEnvSchema = z.object({
  LLM_PROVIDER: z.enum(["extractive", "openai"], { error: "LLM_PROVIDER must be extractive or openai" }).default("extractive"),
  LLM_BASE_URL: z.url({ protocol: /^https?$/, error: "LLM_BASE_URL must be an http(s) URL such as http://localhost:11434/v1" }).optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  LLM_TIMEOUT_MS: int("LLM_TIMEOUT_MS")
    .min(1, "LLM_TIMEOUT_MS must be at least 1")
    .max(3_600_000, "LLM_TIMEOUT_MS must be at most 3600000")
    .optional(),
  LLM_MAX_RETRIES: int("LLM_MAX_RETRIES")
    .min(0, "LLM_MAX_RETRIES must be at least 0")
    .max(20, "LLM_MAX_RETRIES must be at most 20")
    .optional(),
});

export type LlmEnv = z.infer<typeof llmEnvSchema>;
export const LLM_ENV_VARS = Object.keys(llmEnvSchema.shape) as (keyof LlmEnv)[];

/** Reads and validates the LLM_* variables: null for the extractive default, else the openai settings. */
export function loadLlmConfig(source: Record<string, string | undefined> = process.env): OpenAIChatModelConfig | null {
  // Empty values count as unset, as in the other env modules (`LLM_MODEL=` in a .env file).
  const raw = Object.fromEntries(LLM_ENV_VARS.map((name) => [name, source[name]?.trim() || undefined]));
  const parsed = llmEnvSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new LlmError("CONFIG", `Invalid model settings in the environment: ${problems}.`, { cause: parsed.error });
  }
  const env = parsed.data;
  if (env.LLM_PROVIDER === "extractive") return null;
  if (!env.LLM_MODEL) {
    throw new LlmError("CONFIG", "LLM_PROVIDER=openai needs LLM_MODEL: the model (Azure: deployment) name, e.g. gpt-4o-mini or llama3.1.");
  }
  return {
    model: env.LLM_MODEL,
    baseURL: env.LLM_BASE_URL,
    apiKey: env.LLM_API_KEY,
    timeoutMs: env.LLM_TIMEOUT_MS,
    maxRetries: env.LLM_MAX_RETRIES,
  };
}

/** The chat model the environment asks for; null means the extractive default (no model). */
export function chatModelFromEnv(source: Record<string, string | undefined> = process.env): ChatModel | null {
  const config = loadLlmConfig(source);
  return config ? createOpenAIChatModel(config) : null;
}

const price = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(0, `${name} must be at least 0`)
    .max(1_000_000, `${name} is too large`)
    .optional();

export const llmPriceEnvSchema = z.object({
  LLM_PRICE_INPUT_PER_MTOK: price("LLM_PRICE_INPUT_PER_MTOK"),
  LLM_PRICE_OUTPUT_PER_MTOK: price("LLM_PRICE_OUTPUT_PER_MTOK"),
});

/** The configured model's prices per million tokens (both variables set), else null: a cost that cannot be estimated. */
export function modelPricesFromEnv(
  source: Record<string, string | undefined> = process.env,
): { inputPerMTok: number; outputPerMTok: number } | null {
  const raw = Object.fromEntries(Object.keys(llmPriceEnvSchema.shape).map((name) => [name, source[name]?.trim() || undefined]));
  const parsed = llmPriceEnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LlmError("CONFIG", `Invalid model prices in the environment: ${parsed.error.issues.map((i) => i.message).join("; ")}.`);
  }
  const { LLM_PRICE_INPUT_PER_MTOK: input, LLM_PRICE_OUTPUT_PER_MTOK: output } = parsed.data;
  return input === undefined || output === undefined ? null : { inputPerMTok: input, outputPerMTok: output };
}
