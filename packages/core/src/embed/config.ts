import { z } from "zod";
import { DEFAULT_HASHING_DIMENSIONS, createHashingEmbedder } from "./hashing";
import { createLocalModelEmbedder } from "./local";
import { createOpenAIEmbedder } from "./openai";
import { EmbeddingError, type Embedder } from "./types";

/**
 * Embedding settings, as plain data (validated here, read from the environment by `env.ts`), and the factory that
 * turns them into an Embedder.
 */

const dimensions = z.number().int().min(8).max(16_000);

export const hashingConfigSchema = z.object({
  provider: z.literal("hashing"),
  dimensions: dimensions.default(DEFAULT_HASHING_DIMENSIONS),
});

export const openAIConfigSchema = z.object({
  provider: z.literal("openai"),
  model: z.string().trim().min(1).default("text-embedding-3-small"),
  /** Required unless the model is a known OpenAI model; see OpenAIEmbedderOptions.dimensions. */
  dimensions: dimensions.optional(),
  baseURL: z.url().optional(),
  apiKey: z.string().optional(),
  batchSize: z.number().int().min(1).max(2048).default(64),
  maxRetries: z.number().int().min(0).max(20).default(4),
  timeoutMs: z.number().int().min(1).default(30_000),
  /** Send `dimensions` in requests; unset = automatic (text-embedding-3 models only). */
  sendDimensions: z.boolean().optional(),
});

export const localConfigSchema = z.object({
  provider: z.literal("local"),
  localDir: z.string().trim().min(1),
  model: z.string().trim().min(1).optional(),
  /** When set, must equal the model's own size (config.json `hidden_size`): a guard against a swapped model folder. */
  dimensions: dimensions.optional(),
  batchSize: z.number().int().min(1).max(1024).default(16),
});

export const embeddingConfigSchema = z.discriminatedUnion("provider", [hashingConfigSchema, openAIConfigSchema, localConfigSchema]);

/** Settings as written by a caller (defaults may be omitted). */
export type EmbeddingConfig = z.input<typeof embeddingConfigSchema>;
/** Settings after validation, defaults filled in. */
export type ResolvedEmbeddingConfig = z.output<typeof embeddingConfigSchema>;
export type EmbeddingProvider = ResolvedEmbeddingConfig["provider"];

export function parseEmbeddingConfig(config: EmbeddingConfig): ResolvedEmbeddingConfig {
  const parsed = embeddingConfigSchema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`).join("; ");
    throw new EmbeddingError("CONFIG", `Invalid embedding settings: ${problems}.`, { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * Creates the configured embedder. Async because the local provider loads a model; it fails fast, at start-up, with an
 * EmbeddingError (CONFIG, MODEL_MISSING…) rather than on the first document.
 */
export async function createEmbedder(config: EmbeddingConfig = { provider: "hashing" }): Promise<Embedder> {
  const settings = parseEmbeddingConfig(config);
  switch (settings.provider) {
    case "hashing":
      return createHashingEmbedder({ dimensions: settings.dimensions });
    case "openai":
      return createOpenAIEmbedder(settings);
    case "local": {
      const embedder = await createLocalModelEmbedder(settings.localDir, { model: settings.model, batchSize: settings.batchSize });
      if (settings.dimensions !== undefined && settings.dimensions !== embedder.dimensions) {
        throw new EmbeddingError(
          "DIMENSION_MISMATCH",
          `The model in ${settings.localDir} makes ${embedder.dimensions}-dimensional vectors, but EMBEDDING_DIMENSIONS is ${settings.dimensions}. Fix or unset EMBEDDING_DIMENSIONS.`,
        );
      }
      return embedder;
    }
  }
}
