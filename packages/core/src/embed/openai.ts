import { setTimeout as sleep } from "node:timers/promises";
import { OpenAIEmbeddings } from "@langchain/openai";
import { displayUrl, toEmbeddingError } from "./openai-errors";
import { EmbeddingError, type Embedder } from "./types";
import { normalizeInPlace } from "./vector";

/**
 * Embeddings from any server speaking OpenAI's `POST /v1/embeddings`: OpenAI, Azure OpenAI (v1 API,
 * `https://<resource>.openai.azure.com/openai/v1`, model = deployment name), Ollama (`http://localhost:11434/v1`),
 * vLLM, LM Studio, llama.cpp, text-embeddings-inference…
 *
 * The HTTP client is LangChain's `OpenAIEmbeddings` (itself on the official `openai` SDK). Two of its behaviours are
 * deliberately replaced, and the reasons are worth keeping in mind when upgrading it:
 * - Retries. LangChain's retry (AsyncCaller + p-retry) has a fixed 1–2 s minimum backoff and gives up at once on a
 *   429 without a Retry-After header, which is exactly what Ollama/vLLM behind a proxy or Azure under load send. Its
 *   retries are switched off (`maxRetries: 0`) and each batch is retried here with jittered exponential backoff that
 *   honours Retry-After, so one failed batch is retried alone instead of the whole document.
 * - Response handling. `embedDocuments` maps results by position and crashes on a short answer; here each batch's
 *   answer is validated (count, `index`, vector length, finite numbers) and ordered by `index`.
 * What is kept: batching (`batchSize`), the request concurrency limit (`maxConcurrency`, LangChain's queue), timeouts,
 * headers, the base URL and key handling of the SDK.
 *
 * No tokenizer is involved: `OpenAIEmbeddings` (1.6) sends texts as they are, without counting or truncating tokens
 * (so nothing is downloaded — LangChain's tiktoken helpers would fetch BPE ranks). A text longer than the model's
 * context is refused by the server and surfaces as INPUT_REJECTED; chunks are sized upstream with js-tiktoken.
 */

/** Native vector lengths of well-known models; any other model needs `dimensions` set explicitly. */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
/** A server-requested wait (Retry-After) longer than this is not honoured in full. */
const MAX_RETRY_AFTER_MS = 60_000;

export interface OpenAIEmbedderOptions {
  /** Model (Azure: deployment) name, e.g. "text-embedding-3-small", "nomic-embed-text", "BAAI/bge-m3". */
  model: string;
  /** Base URL of the API, up to and including `/v1`. Default: OpenAI's. */
  baseURL?: string;
  /** API key, sent as `Authorization: Bearer …`. Optional for servers without authentication (Ollama, vLLM). */
  apiKey?: string;
  /**
   * Length of the vectors. Required unless the model is a known OpenAI model. Every answer is checked against it.
   * With text-embedding-3 models it is also sent as the `dimensions` parameter (shortened vectors, e.g. 384).
   */
  dimensions?: number;
  /**
   * Whether to send `dimensions` in the request. Default: only for text-embedding-3* models when `dimensions` is set,
   * because other models (and many servers) reject the parameter.
   */
  sendDimensions?: boolean;
  /** Texts per request. Default 64 (OpenAI accepts up to 2048 inputs and 300k tokens per request). */
  batchSize?: number;
  /** Requests in flight at once. Default 2. */
  maxConcurrency?: number;
  /** Retries per batch after a transient failure (network, timeout, 429, 5xx). Default 4. */
  maxRetries?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Backoff ceiling. Default 20 s. */
  retryMaxDelayMs?: number;
}

/** Exposes the raw, unmapped response of one `/embeddings` request (the method is protected in LangChain). */
class RawOpenAIEmbeddings extends OpenAIEmbeddings {
  requestBatch(input: string[], dimensions: number | undefined) {
    return this.embeddingWithRetry({
      model: this.model,
      input,
      ...(dimensions === undefined ? {} : { dimensions }),
      // Plain JSON floats: every OpenAI-compatible server supports them; base64 (the SDK's default) is not universal.
      encoding_format: "float",
    });
  }
}

function positiveInt(name: string, value: number, max = Number.MAX_SAFE_INTEGER, min = 1): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EmbeddingError("CONFIG", `${name} must be an integer between ${min} and ${max} (got ${value}).`);
  }
  return value;
}

export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly model: string;
  readonly baseURL: string;
  private readonly client: RawOpenAIEmbeddings;
  private readonly requestDimensions: number | undefined;
  private readonly batchSize: number;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;

  constructor(options: OpenAIEmbedderOptions) {
    const model = options.model?.trim();
    if (!model)
      throw new EmbeddingError(
        "CONFIG",
        "EMBEDDING_MODEL is required for the openai embedding provider (e.g. text-embedding-3-small, nomic-embed-text).",
      );
    this.model = model;
    this.baseURL = (options.baseURL?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, "");
    try {
      new URL(this.baseURL);
    } catch {
      throw new EmbeddingError(
        "CONFIG",
        `EMBEDDING_BASE_URL is not a valid URL: "${this.baseURL}" (expected e.g. http://localhost:11434/v1).`,
      );
    }

    const isOpenAI = this.baseURL === DEFAULT_BASE_URL;
    const apiKey = options.apiKey?.trim();
    if (!apiKey && isOpenAI) throw new EmbeddingError("CONFIG", "EMBEDDING_API_KEY is required to use OpenAI's embedding API.");

    const native = KNOWN_DIMENSIONS[model];
    const dimensions = options.dimensions ?? native;
    if (dimensions === undefined) {
      throw new EmbeddingError(
        "CONFIG",
        `Set EMBEDDING_DIMENSIONS to the vector length of model "${model}" (for example 768 for nomic-embed-text, 1024 for bge-m3): it is not a model whose size Lore knows.`,
      );
    }
    this.dimensions = positiveInt("EMBEDDING_DIMENSIONS", dimensions, 16_000);
    const sendDimensions = options.sendDimensions ?? (model.startsWith("text-embedding-3") && options.dimensions !== undefined);
    this.requestDimensions = sendDimensions ? this.dimensions : undefined;

    this.batchSize = positiveInt("EMBEDDING_BATCH_SIZE", options.batchSize ?? 64, 2048);
    this.maxRetries = positiveInt("EMBEDDING_MAX_RETRIES", options.maxRetries ?? 4, 20, 0);
    this.timeoutMs = positiveInt("EMBEDDING_TIMEOUT_MS", options.timeoutMs ?? 30_000);
    this.retryBaseDelayMs = Math.max(0, options.retryBaseDelayMs ?? 500);
    this.retryMaxDelayMs = Math.max(this.retryBaseDelayMs, options.retryMaxDelayMs ?? 20_000);
    this.id = `openai:${model}`;

    this.client = new RawOpenAIEmbeddings({
      model,
      batchSize: this.batchSize,
      stripNewLines: false, // a workaround for ada-001-era models; newlines carry structure for current ones
      timeout: this.timeoutMs,
      maxRetries: 0, // retried per batch in embedDocuments (see the module comment)
      maxConcurrency: positiveInt("maxConcurrency", options.maxConcurrency ?? 2, 64),
      onFailedAttempt: () => {}, // leave errors untouched for mapError
      // Always explicit, so that no stray OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_ORG_ID in the environment is used
      // (or sent to a third-party server). Servers without authentication ignore the placeholder key.
      apiKey: apiKey || "no-key",
      configuration: { baseURL: this.baseURL, organization: null, project: null },
    });
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector!;
  }

  /**
   * Embeds in batches of `batchSize`, at most `maxConcurrency` requests at a time, in input order. Empty or
   * whitespace-only texts get a zero vector without a request (the API rejects empty input).
   */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const results: number[][] = new Array<number[]>(texts.length);
    const pending: number[] = [];
    texts.forEach((text, i) => {
      if (typeof text !== "string") throw new TypeError("OpenAIEmbedder: every text must be a string");
      if (text.trim() === "") results[i] = new Array<number>(this.dimensions).fill(0);
      else pending.push(i);
    });

    const batches: number[][] = [];
    for (let i = 0; i < pending.length; i += this.batchSize) batches.push(pending.slice(i, i + this.batchSize));

    // Once one batch has failed for good, the others stop retrying: the whole call fails anyway.
    const state = { failed: false };
    await Promise.all(
      batches.map(async (indices) => {
        try {
          const vectors = await this.embedBatch(
            indices.map((i) => texts[i]!),
            state,
          );
          indices.forEach((textIndex, j) => (results[textIndex] = vectors[j]!));
        } catch (error) {
          state.failed = true;
          throw error;
        }
      }),
    );
    return results;
  }

  private async embedBatch(input: string[], state: { failed: boolean }): Promise<number[][]> {
    for (let attempt = 1; ; attempt++) {
      let response: unknown;
      try {
        response = await this.client.requestBatch(input, this.requestDimensions);
      } catch (raw) {
        const error = toEmbeddingError(raw, attempt, {
          baseURL: this.baseURL,
          model: this.model,
          requestDimensions: this.requestDimensions,
          timeoutMs: this.timeoutMs,
        });
        if (!error.retryable || attempt > this.maxRetries || state.failed) throw error;
        await sleep(this.backoff(attempt, error.retryAfterMs));
        if (state.failed) throw error;
        continue;
      }
      return this.readVectors(response, input.length);
    }
  }

  /** Full-jitter-ish exponential backoff: half fixed, half random, so parallel batches do not retry in lockstep. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const exponential = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + (Math.random() * exponential) / 2;
    return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  }

  /** Validates one `/embeddings` answer and returns its vectors in input order, L2-normalised. */
  private readVectors(response: unknown, count: number): number[][] {
    const url = displayUrl(this.baseURL);
    const bad = (detail: string) =>
      new EmbeddingError(
        "BAD_RESPONSE",
        `The embedding server at ${url} sent an unusable answer for model "${this.model}": ${detail}. Is it an OpenAI-compatible /embeddings endpoint?`,
      );

    const data = (response as { data?: unknown } | null | undefined)?.data;
    if (!Array.isArray(data)) throw bad("no `data` array");
    if (data.length !== count) throw bad(`${data.length} embeddings for ${count} inputs`);

    const ordered = new Array<number[] | undefined>(count);
    data.forEach((item: unknown, position) => {
      const { embedding, index } = (item ?? {}) as { embedding?: unknown; index?: unknown };
      // Servers should send `index`; when one does not, the position is the only order there is.
      const at = index === undefined ? position : index;
      if (typeof at !== "number" || !Number.isInteger(at) || at < 0 || at >= count || ordered[at])
        throw bad(`invalid or repeated index ${String(at)}`);
      if (!Array.isArray(embedding) && !(embedding instanceof Float32Array)) throw bad("an embedding is not an array of numbers");
      if (embedding.length !== this.dimensions) {
        throw new EmbeddingError(
          "DIMENSION_MISMATCH",
          `Model "${this.model}" at ${url} returned ${embedding.length}-dimensional vectors, but ${this.dimensions} are configured. ` +
            `Set EMBEDDING_DIMENSIONS=${embedding.length} (stored vectors then need re-embedding)` +
            (this.requestDimensions === undefined ? "." : `, or use a model that supports the "dimensions" parameter.`),
        );
      }
      const vector = Array.from(embedding as ArrayLike<unknown>, (x) => (typeof x === "number" && Number.isFinite(x) ? x : Number.NaN));
      if (vector.some(Number.isNaN)) throw bad("an embedding contains a value that is not a finite number");
      ordered[at] = normalizeInPlace(vector);
    });
    return ordered as number[][];
  }
}

export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): OpenAIEmbedder {
  return new OpenAIEmbedder(options);
}
