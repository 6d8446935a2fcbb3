/** What went wrong with an OpenAI-compatible embedding server, in words that say which setting to fix. */
import { ContextOverflowError } from "@langchain/core/errors";
import { EmbeddingError } from "./types";

/** The URL for messages: no credentials, no query string. */
export function displayUrl(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return baseURL;
  }
}

/** Turns whatever the SDK threw into an EmbeddingError that says what to fix. */
export function toEmbeddingError(
  raw: unknown,
  attempts: number,
  server: { baseURL: string; model: string; requestDimensions: number | undefined; timeoutMs: number },
): EmbeddingError {
  if (raw instanceof EmbeddingError) return raw;
  const url = displayUrl(server.baseURL);
  const after = attempts > 1 ? ` (after ${attempts} attempts)` : "";
  const e = (raw ?? {}) as { status?: unknown; message?: unknown; name?: unknown; error?: unknown; code?: unknown; headers?: unknown };
  const status = typeof e.status === "number" ? e.status : undefined;
  const body = (e.error ?? {}) as { message?: unknown; code?: unknown; type?: unknown };
  // LangChain appends a troubleshooting link to some messages; the server's own words are what helps.
  const serverMessage = String(typeof body.message === "string" ? body.message : (e.message ?? "unknown error")).split(
    "\n\nTroubleshooting URL",
  )[0]!;
  const errorCode = typeof body.code === "string" ? body.code : typeof e.code === "string" ? e.code : undefined;
  const options = { cause: raw, status };

  // LangChain replaces the SDK's "maximum context length" 400 with its own error (and drops the status).
  if (ContextOverflowError.isInstance(raw)) {
    return new EmbeddingError(
      "INPUT_REJECTED",
      `A text is longer than model "${server.model}" at ${url} accepts (${serverMessage}). Lower the chunk size, or use a model with a longer context.`,
      { ...options, status: 400 },
    );
  }
  if (status !== undefined) {
    if (status === 401) {
      return new EmbeddingError(
        "CONFIG",
        `The embedding server at ${url} rejected the API key (HTTP 401). Check EMBEDDING_API_KEY.`,
        options,
      );
    }
    if (status === 403) {
      return new EmbeddingError(
        "CONFIG",
        `The embedding server at ${url} refused access to model "${server.model}" (HTTP 403: ${serverMessage}). Check EMBEDDING_API_KEY and its permissions.`,
        options,
      );
    }
    if (status === 404) {
      if (/model|deployment/i.test(serverMessage) || errorCode === "model_not_found" || errorCode === "DeploymentNotFound") {
        return new EmbeddingError(
          "MODEL_MISSING",
          `Model "${server.model}" is not available at ${url} (${serverMessage}). Check EMBEDDING_MODEL (Azure: the deployment name; Ollama: run \`ollama pull ${server.model}\`).`,
          options,
        );
      }
      return new EmbeddingError(
        "CONFIG",
        `${url}/embeddings does not exist (HTTP 404). Check EMBEDDING_BASE_URL: it usually ends in /v1.`,
        options,
      );
    }
    if (status === 429) {
      const quota = errorCode === "insufficient_quota" || /quota|billing|credit/i.test(serverMessage);
      if (quota) {
        return new EmbeddingError(
          "RATE_LIMITED",
          `The embedding provider at ${url} reports the account's quota is exhausted (${serverMessage}). Check the plan and billing of EMBEDDING_API_KEY.`,
          {
            ...options,
            retryable: false,
          },
        );
      }
      return new EmbeddingError(
        "RATE_LIMITED",
        `The embedding server at ${url} is rate-limiting requests (HTTP 429)${after}. Try again later, or lower EMBEDDING_BATCH_SIZE.`,
        {
          ...options,
          retryAfterMs: retryAfterMs(e.headers),
        },
      );
    }
    if (status === 400 || status === 413 || status === 422) {
      if (/dimension/i.test(serverMessage) && server.requestDimensions !== undefined) {
        return new EmbeddingError(
          "CONFIG",
          `Model "${server.model}" does not accept the "dimensions" parameter (${serverMessage}). Set EMBEDDING_DIMENSIONS to the model's native vector length.`,
          options,
        );
      }
      return new EmbeddingError(
        "INPUT_REJECTED",
        `The embedding server at ${url} rejected the input (HTTP ${status}: ${serverMessage}). If a text is longer than the model's context, lower the chunk size.`,
        options,
      );
    }
    if (status === 408 || status === 409 || status >= 500) {
      return new EmbeddingError("NETWORK", `The embedding server at ${url} failed (HTTP ${status}: ${serverMessage})${after}.`, {
        ...options,
        retryable: true,
      });
    }
    return new EmbeddingError("BAD_RESPONSE", `The embedding server at ${url} answered HTTP ${status}: ${serverMessage}.`, options);
  }

  const name = typeof e.name === "string" ? e.name : "";
  const constructorName = (raw as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (name === "TimeoutError" || constructorName === "APIConnectionTimeoutError") {
    return new EmbeddingError(
      "NETWORK",
      `The embedding server at ${url} did not answer within ${server.timeoutMs} ms${after}. Check that it is running, or raise EMBEDDING_TIMEOUT_MS.`,
      options,
    );
  }
  const systemCode = findSystemErrorCode(raw);
  if (systemCode !== undefined || constructorName === "APIConnectionError") {
    const hint =
      systemCode === "ECONNREFUSED"
        ? "Nothing is listening there: is the server running?"
        : systemCode === "ENOTFOUND" || systemCode === "EAI_AGAIN"
          ? "The host name does not resolve."
          : "The connection failed.";
    const tries = attempts > 1 ? `, ${attempts} attempts` : "";
    return new EmbeddingError(
      "NETWORK",
      `Could not reach the embedding server at ${url} (${systemCode ?? "connection error"}${tries}). ${hint} Check EMBEDDING_BASE_URL.`,
      options,
    );
  }
  return new EmbeddingError("BAD_RESPONSE", `Embedding request to ${url} failed: ${serverMessage}`, { ...options, retryable: false });
}

/** The first Node system error code (ECONNREFUSED, ENOTFOUND…) along an error's `cause` chain. */
function findSystemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
    // Happy-eyeballs connections fail with an AggregateError holding one error per address.
    if (Array.isArray(errors) && errors.length > 0) {
      const nested = findSystemErrorCode(errors[0]);
      if (nested) return nested;
    }
    current = cause;
  }
  return undefined;
}

/** `retry-after-ms` (OpenAI, Azure) or `retry-after` (seconds or an HTTP date), in milliseconds. */
function retryAfterMs(headers: unknown): number | undefined {
  const get = (name: string): string | null | undefined => {
    if (headers && typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
    return (headers as Record<string, string | undefined> | undefined)?.[name];
  };
  const ms = Number(get("retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0 && get("retry-after-ms") != null) return ms;
  const value = get("retry-after");
  if (value == null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
