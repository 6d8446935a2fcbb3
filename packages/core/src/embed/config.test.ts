import { describe, expect, it } from "vitest";
import { createEmbedder, parseEmbeddingConfig } from "./config";
import { createEmbedderFromEnv, loadEmbeddingConfig } from "./env";
import { HashingEmbedder } from "./hashing";
import { OpenAIEmbedder } from "./openai";
import { EmbeddingError } from "./types";

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).code).toBe("CONFIG");
    return (error as EmbeddingError).message;
  }
  throw new Error("expected a CONFIG error");
}

describe("embedding configuration", () => {
  it("defaults to the offline hashing embedder with 384 dimensions when nothing is set", async () => {
    expect(loadEmbeddingConfig({})).toEqual({ provider: "hashing", dimensions: undefined });
    const embedder = await createEmbedderFromEnv({ EMBEDDING_MODEL: "" });
    expect(embedder).toBeInstanceOf(HashingEmbedder);
    expect(embedder.id).toBe("hashing-v1-384");
    expect((await createEmbedder()).id).toBe("hashing-v1-384");
    expect((await createEmbedderFromEnv({ EMBEDDING_DIMENSIONS: "512" })).id).toBe("hashing-v1-512");
  });

  it("maps the EMBEDDING_* variables to an OpenAI-compatible provider", async () => {
    const env = {
      EMBEDDING_PROVIDER: "openai",
      EMBEDDING_MODEL: "nomic-embed-text",
      EMBEDDING_DIMENSIONS: "768",
      EMBEDDING_BASE_URL: "http://localhost:11434/v1",
      EMBEDDING_BATCH_SIZE: "32",
      EMBEDDING_MAX_RETRIES: "2",
      EMBEDDING_TIMEOUT_MS: "5000",
      EMBEDDING_SEND_DIMENSIONS: "false",
    };
    expect(loadEmbeddingConfig(env)).toEqual({
      provider: "openai",
      model: "nomic-embed-text",
      dimensions: 768,
      baseURL: "http://localhost:11434/v1",
      apiKey: undefined,
      batchSize: 32,
      maxRetries: 2,
      timeoutMs: 5000,
      sendDimensions: false,
    });
    const embedder = await createEmbedderFromEnv(env);
    expect(embedder).toBeInstanceOf(OpenAIEmbedder);
    expect(embedder.id).toBe("openai:nomic-embed-text");
    expect(embedder.dimensions).toBe(768);
  });

  it("explains bad or missing variables by name", () => {
    expect(configError(() => loadEmbeddingConfig({ EMBEDDING_DIMENSIONS: "lots" }))).toContain(
      "EMBEDDING_DIMENSIONS must be a whole number",
    );
    expect(configError(() => loadEmbeddingConfig({ EMBEDDING_PROVIDER: "bert" }))).toContain(
      "EMBEDDING_PROVIDER must be hashing, openai or local",
    );
    expect(configError(() => loadEmbeddingConfig({ EMBEDDING_PROVIDER: "openai", EMBEDDING_BASE_URL: "localhost" }))).toContain(
      "EMBEDDING_BASE_URL must be a URL",
    );
    expect(configError(() => loadEmbeddingConfig({ EMBEDDING_PROVIDER: "local" }))).toContain("needs EMBEDDING_LOCAL_DIR");
    expect(configError(() => parseEmbeddingConfig({ provider: "hashing", dimensions: 4 }))).toContain("dimensions");
  });

  it("fails fast at creation for an OpenAI-compatible model of unknown size", async () => {
    const error = await createEmbedderFromEnv({
      EMBEDDING_PROVIDER: "openai",
      EMBEDDING_MODEL: "bge-m3",
      EMBEDDING_BASE_URL: "http://localhost:8000/v1",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).message).toContain("Set EMBEDDING_DIMENSIONS");
  });
});
