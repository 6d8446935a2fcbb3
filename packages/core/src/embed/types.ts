/**
 * The embedding provider contract shared by ingestion (which stores vectors) and retrieval (which embeds queries).
 *
 * Every implementation promises:
 * - `embedDocuments(texts)[i]` is the vector of `texts[i]` (order preserved, one vector per input);
 * - every vector has exactly `dimensions` finite numbers and is L2-normalised (unit length), so cosine similarity
 *   equals the dot product; the single exception is text with nothing to embed (empty or whitespace only), which
 *   gives an all-zero vector. Callers should not index empty chunks: pgvector's cosine distance to a zero vector is NaN;
 * - `(id, dimensions)` identifies the vector space. Store both with each vector: vectors are only comparable when both
 *   match, and a change of either means the corpus must be re-embedded.
 */
import { LoreError } from "../errors/lore-error";

export interface Embedder {
  /** Stable model id stored with each vector, e.g. "hashing-v1-384" or "openai:text-embedding-3-small". */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** Embeds passages (chunks) for indexing. */
  embedDocuments(texts: string[]): Promise<number[][]>;
  /** Embeds a search query. */
  embedQuery(text: string): Promise<number[]>;
}

/**
 * What went wrong, as a code the UI and the job runner can act on:
 * - CONFIG: the settings are wrong or incomplete (bad key, bad URL, missing option, missing optional dependency);
 * - NETWORK: no usable answer from the server (unreachable, timed out, 5xx) — usually transient;
 * - RATE_LIMITED: the provider throttled us (429) — transient unless the quota is exhausted;
 * - BAD_RESPONSE: the server answered, but not with embeddings we can use;
 * - DIMENSION_MISMATCH: vectors of a different length than configured;
 * - MODEL_MISSING: the model files (local) or the model name (server) do not exist;
 * - INPUT_REJECTED: the server refused the input itself (e.g. a text longer than the model's context).
 */
export type EmbeddingErrorCode =
  "CONFIG" | "NETWORK" | "RATE_LIMITED" | "BAD_RESPONSE" | "DIMENSION_MISMATCH" | "MODEL_MISSING" | "INPUT_REJECTED";

const RETRYABLE_BY_DEFAULT: ReadonlySet<EmbeddingErrorCode> = new Set(["NETWORK", "RATE_LIMITED"]);

export interface EmbeddingErrorOptions {
  cause?: unknown;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number;
  /** Whether trying again later may succeed. Defaults to true for NETWORK and RATE_LIMITED. */
  retryable?: boolean;
  /** Server-suggested wait before retrying (from Retry-After), in milliseconds. */
  retryAfterMs?: number;
}

/**
 * A typed embedding failure whose message tells an administrator what to do (which setting to check, which command
 * to run). Messages never contain API keys.
 */
export class EmbeddingError extends LoreError<EmbeddingErrorCode> {
  override readonly name = "EmbeddingError";
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  /** Every code is `precondition_failed` for the API: the embedding settings or server must change first. */
  constructor(code: EmbeddingErrorCode, message: string, options: EmbeddingErrorOptions = {}) {
    super(code, "precondition_failed", message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isEmbeddingError(error: unknown, code?: EmbeddingErrorCode): error is EmbeddingError {
  return error instanceof EmbeddingError && (code === undefined || error.code === code);
}
