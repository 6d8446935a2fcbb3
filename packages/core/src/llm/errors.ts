/**
 * Typed failures of a language-model provider. Every message says what to fix (which LLM_* variable, which server)
 * and never contains the API key.
 */
import { ContextOverflowError } from "@langchain/core/errors";
import { LoreError, type LoreErrorKind } from "../errors/lore-error";

/**
 * - CONFIG: the LLM_* settings are invalid or incomplete;
 * - BAD_KEY: the server refused the key (401/403);
 * - UNKNOWN_MODEL: the server does not have the model (404, model_not_found);
 * - CONTEXT_TOO_LONG: the prompt is longer than the model's context (400 context_length_exceeded);
 * - RATE_LIMITED: throttled (429) after the retries, or the account's quota is exhausted;
 * - PROVIDER_DOWN: no usable answer from the server (refused connection, DNS, 5xx after the retries, dropped stream);
 * - TIMEOUT: the server sent nothing for LLM_TIMEOUT_MS;
 * - ABORTED: the caller stopped the request (its AbortSignal);
 * - REQUEST_REJECTED: the server refused the request for another reason (another 4xx);
 * - BAD_RESPONSE: the server answered, but not in a shape Lore can read.
 */
export type LlmErrorCode =
  | "CONFIG"
  | "BAD_KEY"
  | "UNKNOWN_MODEL"
  | "CONTEXT_TOO_LONG"
  | "RATE_LIMITED"
  | "PROVIDER_DOWN"
  | "TIMEOUT"
  | "ABORTED"
  | "REQUEST_REJECTED"
  | "BAD_RESPONSE";

const KIND: Record<LlmErrorCode, LoreErrorKind> = {
  CONFIG: "precondition_failed",
  BAD_KEY: "precondition_failed",
  UNKNOWN_MODEL: "precondition_failed",
  CONTEXT_TOO_LONG: "bad_request",
  RATE_LIMITED: "unavailable",
  PROVIDER_DOWN: "unavailable",
  TIMEOUT: "unavailable",
  ABORTED: "bad_request",
  REQUEST_REJECTED: "bad_request",
  BAD_RESPONSE: "unavailable",
};

export interface LlmErrorOptions {
  cause?: unknown;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number;
  /** Whether the provider's retry loop may try again (before any text was streamed). */
  retryable?: boolean;
  /** Server-requested wait before retrying (Retry-After), in milliseconds. */
  retryAfterMs?: number;
}

export class LlmError extends LoreError<LlmErrorCode> {
  override readonly name = "LlmError";
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: LlmErrorCode, message: string, options: LlmErrorOptions = {}) {
    super(code, KIND[code], message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isLlmError(error: unknown, code?: LlmErrorCode): error is LlmError {
  return error instanceof LlmError && (code === undefined || error.code === code);
}

/** Where the request went, for messages. */
export interface LlmServer {
  baseURL: string;
  model: string;
}

/** The URL for messages: no credentials, no query string. */
export function displayUrl(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return baseURL;
  }
}

interface RawError {
  status?: unknown;
  message?: unknown;
  code?: unknown;
  error?: unknown;
  headers?: unknown;
}

/**
 * Turns what the OpenAI SDK / LangChain threw for one attempt into an LlmError (timeouts and aborts are told apart
 * by the caller, which knows which signal fired). `attempts` only words the message.
 */
export function toLlmError(raw: unknown, server: LlmServer, attempts = 1): LlmError {
  if (raw instanceof LlmError) return raw;
  const url = displayUrl(server.baseURL);
  const e = (raw ?? {}) as RawError;
  const status = typeof e.status === "number" ? e.status : undefined;
  const body = (e.error ?? {}) as { message?: unknown; code?: unknown };
  const serverMessage = String(typeof body.message === "string" ? body.message : (e.message ?? "unknown error")).split(
    "\n\nTroubleshooting URL",
  )[0]!;
  const errorCode = typeof body.code === "string" ? body.code : typeof e.code === "string" ? e.code : undefined;
  const options = { cause: raw, status };

  // LangChain replaces the SDK's context-length 400 with its own error (without the status).
  if (ContextOverflowError.isInstance(raw) || errorCode === "context_length_exceeded") {
    return new LlmError(
      "CONTEXT_TOO_LONG",
      `The prompt is longer than model "${server.model}" accepts (${serverMessage}). Lower the prompt's token budget, or set LLM_MODEL to a model with a longer context.`,
      { ...options, status: 400 },
    );
  }
  if (status !== undefined) return fromStatus(status, serverMessage, errorCode, server, url, attempts, { ...options, headers: e.headers });

  const systemCode = findSystemErrorCode(raw);
  const constructorName = (raw as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (systemCode !== undefined || constructorName === "APIConnectionError") {
    const hint =
      systemCode === "ECONNREFUSED"
        ? "Nothing is listening there: is the server running?"
        : systemCode === "ENOTFOUND" || systemCode === "EAI_AGAIN"
          ? "The host name does not resolve."
          : systemCode === "UND_ERR_CONNECT_TIMEOUT" || systemCode === "ETIMEDOUT"
            ? "The connection timed out: is the host reachable (firewall, VPN)?"
            : "The connection failed or was cut.";
    return new LlmError(
      "PROVIDER_DOWN",
      `Could not reach the model server at ${url} (${systemCode ?? "connection error"}${tries(attempts)}). ${hint} Check LLM_BASE_URL.`,
      { ...options, retryable: true },
    );
  }
  return new LlmError(
    "BAD_RESPONSE",
    `The model server at ${url} sent an answer Lore cannot read (${serverMessage.replace(/\.$/, "")}). Check that LLM_BASE_URL is an OpenAI-compatible API.`,
    options,
  );
}

function fromStatus(
  status: number,
  serverMessage: string,
  errorCode: string | undefined,
  server: LlmServer,
  url: string,
  attempts: number,
  options: { cause: unknown; status: number | undefined; headers: unknown },
): LlmError {
  const { headers, ...base } = options;
  if (status === 401 || status === 403) {
    return new LlmError(
      "BAD_KEY",
      `The model server at ${url} refused the API key (HTTP ${status}: ${serverMessage}). Check LLM_API_KEY and its access to model "${server.model}".`,
      base,
    );
  }
  if (status === 404) {
    if (errorCode === "model_not_found" || errorCode === "DeploymentNotFound" || /model|deployment/i.test(serverMessage)) {
      return new LlmError(
        "UNKNOWN_MODEL",
        `Model "${server.model}" is not available at ${url} (${serverMessage}). Check LLM_MODEL (Azure: the deployment name; Ollama: run \`ollama pull ${server.model}\`).`,
        base,
      );
    }
    return new LlmError(
      "REQUEST_REJECTED",
      `${url}/chat/completions does not exist (HTTP 404). Check LLM_BASE_URL: it usually ends in /v1.`,
      base,
    );
  }
  if (status === 429) {
    if (errorCode === "insufficient_quota" || /quota|billing|credit/i.test(serverMessage)) {
      return new LlmError(
        "RATE_LIMITED",
        `The model provider at ${url} reports the account's quota is exhausted (${serverMessage}). Check the plan and billing of LLM_API_KEY.`,
        base,
      );
    }
    return new LlmError(
      "RATE_LIMITED",
      `The model server at ${url} is rate-limiting requests (HTTP 429${tries(attempts)}). Try again in a moment; if it persists, raise the provider's limits or LLM_MAX_RETRIES.`,
      { ...base, retryable: true, retryAfterMs: retryAfterMs(headers) },
    );
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new LlmError(
      "PROVIDER_DOWN",
      `The model server at ${url} failed (HTTP ${status}${tries(attempts)}: ${serverMessage}). Check that it is healthy, or try again later.`,
      { ...base, retryable: true, retryAfterMs: retryAfterMs(headers) },
    );
  }
  if (status >= 400) {
    return new LlmError(
      "REQUEST_REJECTED",
      `The model server at ${url} rejected the request for model "${server.model}" (HTTP ${status}: ${serverMessage}). Check LLM_MODEL and that the server supports the Chat Completions API.`,
      base,
    );
  }
  return new LlmError("BAD_RESPONSE", `The model server at ${url} answered HTTP ${status}: ${serverMessage}.`, base);
}

const tries = (attempts: number) => (attempts > 1 ? `, after ${attempts} attempts` : "");

/** The first Node system or undici error code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET…) along an error's `cause` chain. */
function findSystemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
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
  const ms = get("retry-after-ms");
  if (ms != null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = get("retry-after");
  if (value == null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
