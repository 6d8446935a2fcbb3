import { z } from "zod";
import { createEmbedder, type EmbeddingConfig } from "./config";
import { EmbeddingError, type Embedder } from "./types";

/**
 * The embedding settings of the environment — the only place this module reads `process.env`. Read on demand (not at
 * import), so importing the embedders never fails because of an unrelated variable, and tests can pass their own.
 *
 *   EMBEDDING_PROVIDER        hashing (default, offline, no model files) | openai (any OpenAI-compatible server) | local
 *   EMBEDDING_MODEL           openai: model or Azure deployment (default text-embedding-3-small); local: name in the id
 *   EMBEDDING_DIMENSIONS      vector length: hashing 384 by default; openai required unless a known OpenAI model
 *   EMBEDDING_BASE_URL        openai: API base up to /v1 (default https://api.openai.com/v1)
 *   EMBEDDING_API_KEY         openai: bearer key (not needed by Ollama/vLLM without auth)
 *   EMBEDDING_BATCH_SIZE      texts per request / forward pass (openai 64, local 16)
 *   EMBEDDING_LOCAL_DIR       local: folder with config.json, tokenizer.json, onnx/model.onnx
 *   EMBEDDING_TIMEOUT_MS      openai: per-request timeout (default 30000)
 *   EMBEDDING_MAX_RETRIES     openai: retries per batch on 429/5xx/network errors (default 4)
 *   EMBEDDING_SEND_DIMENSIONS openai: auto (default: only text-embedding-3*) | true | false
 */

const int = (name: string) => z.coerce.number({ error: `${name} must be a whole number` }).int(`${name} must be a whole number`);

export const embeddingEnvSchema = z.object({
  EMBEDDING_PROVIDER: z
    .enum(["hashing", "openai", "local"], { error: "EMBEDDING_PROVIDER must be hashing, openai or local" })
    .default("hashing"),
  EMBEDDING_MODEL: z.string().optional(),
  EMBEDDING_DIMENSIONS: int("EMBEDDING_DIMENSIONS")
    .min(8, "EMBEDDING_DIMENSIONS must be at least 8")
    .max(16_000, "EMBEDDING_DIMENSIONS must be at most 16000")
    .optional(),
  EMBEDDING_BASE_URL: z.url({ error: "EMBEDDING_BASE_URL must be a URL such as http://localhost:11434/v1" }).optional(),
  EMBEDDING_API_KEY: z.string().optional(),
  EMBEDDING_BATCH_SIZE: int("EMBEDDING_BATCH_SIZE").min(1).max(2048).optional(),
  EMBEDDING_LOCAL_DIR: z.string().optional(),
  EMBEDDING_TIMEOUT_MS: int("EMBEDDING_TIMEOUT_MS").min(1).optional(),
  EMBEDDING_MAX_RETRIES: int("EMBEDDING_MAX_RETRIES").min(0).max(20).optional(),
  EMBEDDING_SEND_DIMENSIONS: z
    .enum(["auto", "true", "false"], { error: "EMBEDDING_SEND_DIMENSIONS must be auto, true or false" })
    .default("auto"),
});

export type EmbeddingEnv = z.infer<typeof embeddingEnvSchema>;
export const EMBEDDING_ENV_VARS = Object.keys(embeddingEnvSchema.shape) as (keyof EmbeddingEnv)[];

/** Reads and validates the EMBEDDING_* variables; throws EmbeddingError CONFIG naming each bad variable. */
export function loadEmbeddingConfig(source: Record<string, string | undefined> = process.env): EmbeddingConfig {
  // Empty values count as unset, as in the other env modules (`EMBEDDING_MODEL=` in a .env file).
  const raw = Object.fromEntries(EMBEDDING_ENV_VARS.map((name) => [name, source[name]?.trim() || undefined]));
  const parsed = embeddingEnvSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new EmbeddingError("CONFIG", `Invalid embedding settings in the environment: ${problems}.`, { cause: parsed.error });
  }
  const env = parsed.data;
  switch (env.EMBEDDING_PROVIDER) {
    case "hashing":
      return { provider: "hashing", dimensions: env.EMBEDDING_DIMENSIONS };
    case "openai":
      return {
        provider: "openai",
        model: env.EMBEDDING_MODEL,
        dimensions: env.EMBEDDING_DIMENSIONS,
        baseURL: env.EMBEDDING_BASE_URL,
        apiKey: env.EMBEDDING_API_KEY,
        batchSize: env.EMBEDDING_BATCH_SIZE,
        maxRetries: env.EMBEDDING_MAX_RETRIES,
        timeoutMs: env.EMBEDDING_TIMEOUT_MS,
        sendDimensions: env.EMBEDDING_SEND_DIMENSIONS === "auto" ? undefined : env.EMBEDDING_SEND_DIMENSIONS === "true",
      };
    case "local":
      if (!env.EMBEDDING_LOCAL_DIR) {
        throw new EmbeddingError(
          "CONFIG",
          "EMBEDDING_PROVIDER=local needs EMBEDDING_LOCAL_DIR: a folder with config.json, tokenizer.json and onnx/model.onnx.",
        );
      }
      return {
        provider: "local",
        localDir: env.EMBEDDING_LOCAL_DIR,
        model: env.EMBEDDING_MODEL,
        dimensions: env.EMBEDDING_DIMENSIONS,
        batchSize: env.EMBEDDING_BATCH_SIZE,
      };
  }
}

/** The embedder the environment asks for (hashing when nothing is set). */
export function createEmbedderFromEnv(source: Record<string, string | undefined> = process.env): Promise<Embedder> {
  return createEmbedder(loadEmbeddingConfig(source));
}
