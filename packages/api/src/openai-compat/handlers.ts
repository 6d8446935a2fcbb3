/**
 * The OpenAI-compatible endpoint the employee app mounts under `/api/v1`: `POST /chat/completions` (streamed or
 * not) and `GET /models`, authenticated by a user's API key. An answer is the same `answer()` the chat runs, as the
 * key's owner (so it reads exactly what they may read), without storing a conversation. Replies and errors take
 * OpenAI's shapes (format.ts), so the official clients work unchanged.
 */
import { randomUUID } from "node:crypto";
import { answer, type AnswerEvent } from "@lore/core/answer";
import { getActiveEmbedder } from "@lore/core/knowledge-base";
import { chatModelFromEnv, type ChatModel } from "@lore/core/llm";
import type { PrismaClient } from "@lore/db";
import { getPrisma } from "@lore/db/client";
import { INTERNAL_MESSAGE } from "../trpc";
import { apiKeyUser, INVALID_API_KEY_MESSAGE } from "./auth";
import { answerOf, chatCompletion, chunkBuilder, modelList, openAIError, sourcesList, sse } from "./format";
import { parseChatCompletionRequest } from "./request";

export interface OpenAICompatOptions {
  /** Defaults to the shared client for DATABASE_URL. */
  db?: PrismaClient;
  /** The model answers are written with; defaults to the configured one (`chatModelFromEnv`, null = extractive). */
  chatModel?: () => ChatModel | null;
}

type Handler = (request: Request) => Promise<Response>;

const unauthorized = () => openAIError(401, INVALID_API_KEY_MESSAGE, { code: "invalid_api_key" });

/** An answer's error event as an OpenAI error body (its message is written for the reader, never internals). */
const answerError = (event: Extract<AnswerEvent, { type: "error" }>) => ({
  error: { message: event.message, type: "server_error", param: null, code: event.code.toLowerCase() },
});

/** `GET /api/v1/models`: the one model, `lore`. */
export function createModelsHandler(options: OpenAICompatOptions = {}): Handler {
  return async (request) => {
    try {
      if (!(await apiKeyUser(options.db ?? getPrisma(), request))) return unauthorized();
      return Response.json(modelList(), { headers: { "cache-control": "no-store" } });
    } catch (error) {
      console.error("GET /api/v1/models failed:", error);
      return openAIError(500, INTERNAL_MESSAGE);
    }
  };
}

/** `POST /api/v1/chat/completions`. */
export function createChatCompletionsHandler(options: OpenAICompatOptions = {}): Handler {
  return async (request) => {
    try {
      return await chatCompletions(request, options);
    } catch (error) {
      console.error("POST /api/v1/chat/completions failed:", error);
      return openAIError(500, INTERNAL_MESSAGE);
    }
  };
}

async function chatCompletions(request: Request, options: OpenAICompatOptions): Promise<Response> {
  const db = options.db ?? getPrisma();
  const user = await apiKeyUser(db, request);
  if (!user) return unauthorized();

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return openAIError(400, "The request body is not valid JSON.", { code: "invalid_json" });
  }
  const parsed = parseChatCompletionRequest(body);
  if (!parsed.ok) return openAIError(400, parsed.message, { param: parsed.param, code: "invalid_request" });

  // The client going away (request.signal) stops the answer, and with it the model's request upstream.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  request.signal.addEventListener("abort", onAbort, { once: true });
  if (request.signal.aborted) stop.abort();
  const deps = { db, embedder: await getActiveEmbedder(db), model: (options.chatModel ?? (() => chatModelFromEnv()))() };
  const events = answer(deps, { question: parsed.question, userId: user.id, persist: false, signal: stop.signal });
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);

  if (!parsed.stream) {
    try {
      for await (const event of events) {
        if (event.type === "error") return Response.json(answerError(event), { status: 500 });
        if (event.type === "done")
          return Response.json(chatCompletion(id, created, event.message, event.usage), { headers: { "cache-control": "no-store" } });
      }
      return openAIError(500, INTERNAL_MESSAGE);
    } finally {
      request.signal.removeEventListener("abort", onAbort);
    }
  }

  // A failure before the answer starts is an ordinary error reply, not a stream.
  const first = await events.next();
  if (first.done) {
    request.signal.removeEventListener("abort", onAbort);
    return openAIError(500, INTERNAL_MESSAGE);
  }
  if (first.value.type === "error") {
    request.signal.removeEventListener("abort", onAbort);
    return Response.json(answerError(first.value), { status: 500 });
  }
  const stream = sseStream(first.value, events, chunkBuilder(id, created, parsed.includeUsage), parsed.includeUsage, () => {
    stop.abort();
    request.signal.removeEventListener("abort", onAbort);
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}

/**
 * The answer's events as server-sent `chat.completion.chunk`s: the role first, then each piece of text, then the
 * Sources list, a last chunk with `finish_reason: "stop"` and the `sources` field, the usage when asked for, and
 * `[DONE]`. An error mid-answer is sent as `{ error }` (the official clients raise it) and ends the stream.
 */
function sseStream(
  first: AnswerEvent,
  events: AsyncGenerator<AnswerEvent>,
  chunks: ReturnType<typeof chunkBuilder>,
  includeUsage: boolean,
  end: () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: AnswerEvent | null = first;
  let sentRole = false;
  let cancelled = false;

  /** The SSE text for one event, and whether the stream is over. */
  const render = (event: AnswerEvent): { text: string; over: boolean } => {
    let text = "";
    if (!sentRole) {
      sentRole = true;
      text += sse(chunks.role());
    }
    switch (event.type) {
      case "text":
        return { text: text + sse(chunks.content(event.text)), over: false };
      case "done": {
        const { sources } = answerOf(event.message);
        const list = sourcesList(sources);
        if (list) text += sse(chunks.content(list));
        text += sse(chunks.stop(sources));
        if (includeUsage) text += sse(chunks.usage(event.usage));
        return { text: text + sse("[DONE]"), over: true };
      }
      case "error":
        return { text: text + sse(answerError(event)), over: true };
      default:
        return { text, over: false };
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Some events (sources, citations) send nothing on their own: read on until there is something to send.
        for (;;) {
          let event: AnswerEvent;
          if (pending) {
            event = pending;
            pending = null;
          } else {
            const next = await events.next();
            if (cancelled) return;
            if (next.done) {
              end();
              controller.close();
              return;
            }
            event = next.value;
          }
          const { text, over } = render(event);
          if (text) controller.enqueue(encoder.encode(text));
          if (over) {
            end();
            controller.close();
            return;
          }
          if (text) return;
        }
      } catch (error) {
        // answer() itself never throws; this is the stream failing (an encoding bug): end it, logged.
        console.error("the chat completion stream failed:", error);
        end();
        controller.error(error);
      }
    },
    async cancel() {
      // The client went away: stop the answer (it ends as stopped, storing nothing here) and let it finish.
      cancelled = true;
      end();
      await events.return(undefined);
    },
  });
}
