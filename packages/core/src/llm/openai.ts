import { setTimeout as sleep } from "node:timers/promises";
import { AIMessage, HumanMessage, SystemMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatOpenAICompletions } from "@langchain/openai";
import { countTokens } from "../tokens";
import { LlmError, displayUrl, toLlmError, type LlmServer } from "./errors";
import type { ChatMessage, ChatModel, ChatModelChunk, ChatModelRequest } from "./types";

/**
 * A chat model on any server speaking OpenAI's Chat Completions API (`POST /v1/chat/completions`, streamed): OpenAI,
 * Azure OpenAI (v1 API), Ollama, vLLM, LM Studio, llama.cpp… through LangChain.js.
 *
 * - Chat Completions, never the Responses API: the class is `ChatOpenAICompletions`, the one `ChatOpenAI` delegates
 *   to, because `ChatOpenAI` (1.6) switches to the Responses API by itself for some model names (codex, gpt-5.x-pro)
 *   even with `useResponsesApi: false`, and OpenAI-compatible servers only have Chat Completions.
 * - Usage: requested with `stream_options.include_usage` (LangChain's `streamUsage`). Servers that do not send it get
 *   an estimate counted with js-tiktoken (`countTokens`), never LangChain's counting, which downloads files.
 * - Retries: LangChain's own (its AsyncCaller; the SDK's are forced off by LangChain) are switched off and done here,
 *   once per request and only before any text was streamed: 429 (waiting at least its Retry-After, capped at 60 s)
 *   and 5xx/connection failures, with jittered exponential backoff. LangChain's would not retry a 429 without
 *   Retry-After and would retry timeouts.
 * - Timeout: the request fails with TIMEOUT when the server sends nothing (no headers, no chunk) for `timeoutMs`.
 *   Timeouts are not retried: the person is waiting.
 * - Cancellation: the request's signal aborts the HTTP request (closing the connection), also during a retry wait.
 */

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const MAX_RETRY_AFTER_MS = 60_000;

export interface OpenAIChatModelConfig {
  /** Model (Azure: deployment) name, e.g. "gpt-4o-mini", "llama3.1". */
  model: string;
  /** Base URL up to and including /v1. Default: OpenAI's. */
  baseURL?: string;
  /** Bearer key. Required for OpenAI itself; optional for servers without authentication. */
  apiKey?: string;
  /** Fail when the server sends nothing (first byte, or between chunks) for this long. Default 60 s. */
  timeoutMs?: number;
  /** Retries after a 429/5xx/connection failure, before any text was streamed. Default 3. */
  maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Backoff ceiling (a longer Retry-After, up to 60 s, still wins). Default 10 s. */
  retryMaxDelayMs?: number;
}

export function createOpenAIChatModel(config: OpenAIChatModelConfig): ChatModel {
  return new OpenAIChatModel(config);
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LlmError("CONFIG", `${name} must be a whole number between ${min} and ${max} (got ${value}).`);
  }
  return value;
}

class OpenAIChatModel implements ChatModel {
  readonly id: string;
  readonly label: string;
  private readonly server: LlmServer;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;

  constructor(config: OpenAIChatModelConfig) {
    const model = config.model?.trim();
    if (!model) throw new LlmError("CONFIG", "LLM_MODEL is required with LLM_PROVIDER=openai (e.g. gpt-4o-mini, or llama3.1 on Ollama).");
    const baseURL = (config.baseURL?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, "");
    try {
      new URL(baseURL);
    } catch {
      throw new LlmError("CONFIG", `LLM_BASE_URL is not a valid URL: "${baseURL}" (expected e.g. http://localhost:11434/v1).`);
    }
    this.apiKey = config.apiKey?.trim() || undefined;
    if (!this.apiKey && baseURL === DEFAULT_BASE_URL) throw new LlmError("CONFIG", "LLM_API_KEY is required to use OpenAI's API.");
    this.server = { baseURL, model };
    this.timeoutMs = wholeNumber("LLM_TIMEOUT_MS", config.timeoutMs ?? 60_000, 1, 3_600_000);
    this.maxRetries = wholeNumber("LLM_MAX_RETRIES", config.maxRetries ?? 3, 0, 20);
    this.retryBaseDelayMs = Math.max(0, config.retryBaseDelayMs ?? 500);
    this.retryMaxDelayMs = Math.max(this.retryBaseDelayMs, config.retryMaxDelayMs ?? 10_000);
    this.id = baseURL === DEFAULT_BASE_URL ? `openai:${model}` : `openai:${model}@${displayUrl(baseURL)}`;
    this.label = model;
  }

  async *stream(request: ChatModelRequest): AsyncGenerator<ChatModelChunk> {
    for (let attempt = 1; ; attempt++) {
      const progress = { streamed: false };
      try {
        yield* this.attempt(request, progress, attempt);
        return;
      } catch (raw) {
        const error = toLlmError(raw, this.server, attempt);
        if (progress.streamed || !error.retryable || attempt > this.maxRetries) throw error;
        await this.wait(this.backoff(attempt, error.retryAfterMs), request.signal);
      }
    }
  }

  /** One HTTP request: its text chunks, then its usage. Throws LlmError TIMEOUT / ABORTED, or what the client threw. */
  private async *attempt(request: ChatModelRequest, progress: { streamed: boolean }, attempt: number): AsyncGenerator<ChatModelChunk> {
    throwIfAborted(request.signal);
    const upstream = new AbortController();
    const idle = new IdleTimer(this.timeoutMs, () => upstream.abort(new Error("idle timeout")));
    const signal = request.signal ? AbortSignal.any([request.signal, upstream.signal]) : upstream.signal;
    let text = "";
    let usage: { input_tokens: number; output_tokens: number } | undefined;
    let finished = false;
    let received = 0;
    let chunks: AsyncIterator<AIMessageChunk> | undefined;
    try {
      chunks = (await this.client(request).stream(toLangChainMessages(request.messages), { signal }))[Symbol.asyncIterator]();
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        idle.stop();
        const chunk = next.value;
        received++;
        if (chunk.usage_metadata) usage = chunk.usage_metadata;
        if (chunk.response_metadata?.finish_reason != null) finished = true;
        const piece = typeof chunk.content === "string" ? chunk.content : chunk.text;
        if (piece) {
          text += piece;
          progress.streamed = true;
          yield { type: "text", text: piece };
        }
        idle.restart();
      }
    } catch (raw) {
      if (request.signal?.aborted) throw abortedError(raw);
      if (idle.fired || isTimeout(raw)) throw this.timeoutError(raw, attempt);
      if (text !== "" && toLlmError(raw, this.server).code === "PROVIDER_DOWN") throw this.cutError(text, raw);
      throw raw;
    } finally {
      idle.stop();
      // Abort first: it closes the connection when the consumer stopped early (a no-op after a complete answer);
      // LangChain's iterator would otherwise only end at the server's next chunk.
      upstream.abort();
      void chunks?.return?.().catch(() => {});
    }
    throwIfAborted(request.signal);
    if (received === 0) throw this.notAStreamError();
    if (!finished) throw this.cutError(text);
    yield usage
      ? { type: "usage", inputTokens: usage.input_tokens, outputTokens: usage.output_tokens }
      : { type: "usage", inputTokens: estimatePromptTokens(request.messages), outputTokens: countTokens(text) };
  }

  /** A LangChain client for one request (temperature and max tokens are construction fields in LangChain). */
  private client(request: ChatModelRequest): ChatOpenAICompletions {
    return new ChatOpenAICompletions({
      model: this.server.model,
      // Always explicit, so a stray OPENAI_API_KEY / OPENAI_BASE_URL in the environment is never used (or sent to a
      // third-party server). Servers without authentication ignore the placeholder.
      apiKey: this.apiKey ?? "no-key",
      configuration: { baseURL: this.server.baseURL, organization: null, project: null },
      streaming: true,
      streamUsage: true,
      temperature: request.temperature,
      maxTokens: request.maxOutputTokens,
      timeout: this.timeoutMs, // the SDK's, until the response headers; the idle timer covers the body
      maxRetries: 0, // retried in stream() (see the module comment)
      onFailedAttempt: () => {}, // leave errors as the SDK threw them, for toLlmError
    });
  }

  /** The answer stopped before its finish_reason: the server or a proxy cut it (undici may end such a body quietly). */
  private cutError(text: string, cause?: unknown): LlmError {
    return new LlmError(
      "PROVIDER_DOWN",
      `The model server at ${displayUrl(this.server.baseURL)} cut the answer off before finishing it (after ${text.length} characters). Check the server's logs and any proxy timeouts in front of LLM_BASE_URL.`,
      { cause, retryable: text === "" },
    );
  }

  /** HTTP 200 without a single Chat Completions event: not an OpenAI-compatible endpoint (a web page, a proxy). */
  private notAStreamError(): LlmError {
    return new LlmError(
      "BAD_RESPONSE",
      `The server at ${displayUrl(this.server.baseURL)} answered, but not with a Chat Completions stream. Check LLM_BASE_URL: it should be an OpenAI-compatible API, usually ending in /v1.`,
    );
  }

  private timeoutError(cause: unknown, attempt: number): LlmError {
    return new LlmError(
      "TIMEOUT",
      `The model server at ${displayUrl(this.server.baseURL)} sent nothing for ${this.timeoutMs} ms${attempt > 1 ? ` (attempt ${attempt})` : ""}. Check that it is running and not overloaded, or raise LLM_TIMEOUT_MS.`,
      { cause },
    );
  }

  /** Exponential backoff, half fixed and half random; a server's Retry-After (capped) is waited at least. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const exponential = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + (Math.random() * exponential) / 2;
    return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  }

  private async wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch (error) {
      throw abortedError(error);
    }
  }
}

/** Calls `onFire` when not stopped within `ms`; restartable between chunks. */
class IdleTimer {
  fired = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly onFire: () => void,
  ) {
    this.restart();
  }

  restart(): void {
    this.stop();
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onFire();
    }, this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** The SDK's own timeout (until the response headers), as LangChain rethrows it. */
function isTimeout(error: unknown): boolean {
  const e = error as { name?: unknown; constructor?: { name?: unknown } } | null;
  return e?.name === "TimeoutError" || e?.constructor?.name === "APIConnectionTimeoutError";
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason);
}

function abortedError(cause: unknown): LlmError {
  return new LlmError("ABORTED", "The answer was stopped before the model finished.", { cause });
}

function toLangChainMessages(messages: ChatMessage[]): BaseMessage[] {
  return messages.map((m) => {
    switch (m.role) {
      case "system":
        return new SystemMessage(m.content);
      case "user":
        return new HumanMessage(m.content);
      case "assistant":
        return new AIMessage(m.content);
    }
  });
}

/**
 * Prompt tokens when the server reports no usage: the content's o200k tokens plus OpenAI's documented framing
 * (3 per message, 3 to prime the answer). An estimate: other models' tokenizers differ.
 */
function estimatePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + 3 + countTokens(m.content), 3);
}
