/**
 * A local fake of an OpenAI-compatible server, for tests only: the one boundary where a model may be faked
 * (CONVENTIONS: never a real model, never a mocked client). It listens on 127.0.0.1 on a free port and speaks
 *
 *   POST /v1/chat/completions   streaming (SSE `data: {...}\n\n` … `data: [DONE]`) or plain JSON, as asked by `stream`
 *   GET  /v1/models             the configured model list
 *
 * Each test scripts the replies, records what the client sent, and can observe the client closing a request:
 *
 *   const server = await startFakeOpenAI();
 *   server.reply({ deltas: ["Hel", "lo"] }, { status: 429, message: "slow down", retryAfter: "1" });
 *   … point the client at server.url (http://127.0.0.1:<port>/v1) …
 *   server.requests[0].body.messages;  server.connectionsClosed;  await server.close();
 *
 * Replies are used one per chat request, in order; once the queue is empty, `defaultReply` answers (settable).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** One piece of streamed text, optionally sent after a pause (to test idle timeouts and aborts mid-stream). */
export type FakeDelta = string | { text: string; delayMs?: number };

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** A successful answer: streamed delta by delta when the request says `stream: true`, else one JSON completion. */
export interface FakeAnswer {
  deltas: FakeDelta[];
  /**
   * Usage to report. Default: prompt tokens = characters of the messages / 4 (rounded up), completion tokens =
   * number of deltas. `null` sends none (as servers that ignore `stream_options` do). When streaming, usage is sent
   * (in a last chunk with empty `choices`) only if the request asked with `stream_options.include_usage`, as OpenAI does.
   */
  usage?: FakeUsage | null;
  /** Wait before sending the status line and headers. */
  headersDelayMs?: number;
  /** Streaming only: destroy the connection after this many deltas (a server crash mid-answer). */
  closeAfter?: number;
  /** Streaming only: stop sending after this many deltas but keep the connection open (a stalled server). */
  stallAfter?: number;
  finishReason?: string;
}

/** An HTTP error in OpenAI's shape `{ error: { message, type, param, code } }`. */
export interface FakeError {
  status: number;
  message: string;
  type?: string;
  code?: string | null;
  /** Sent as the Retry-After header (seconds or an HTTP date). */
  retryAfter?: string;
  headers?: Record<string, string>;
}

/** Any other answer, byte for byte (e.g. a body that is not JSON, for BAD_RESPONSE tests). */
export interface FakeRaw {
  raw: string;
  status?: number;
  headers?: Record<string, string>;
}

/** `"hang"` never answers (not even headers); the connection stays open until the client gives up. */
export type FakeReply = FakeAnswer | FakeError | FakeRaw | "hang";

export interface FakeRequest {
  method: string;
  /** Path and query, e.g. "/v1/chat/completions". */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (`{}` when empty or not JSON). */
  body: FakeChatBody;
  /** When it arrived (Date.now()). */
  at: number;
}

export interface FakeChatBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  [key: string]: unknown;
}

export interface FakeOpenAIOptions {
  /**
   * Models the server knows: listed by GET /v1/models, and any other model asked for gets a 404 `model_not_found`.
   * Default: every model is accepted and /v1/models lists "fake-model".
   */
  models?: string[];
  /** Answer when no scripted reply is queued. Default: `{ deltas: ["Hello", " from", " the fake model."] }`. */
  defaultReply?: FakeReply;
}

export interface FakeOpenAIServer {
  /** Base URL up to /v1, as OpenAI clients take it. */
  readonly url: string;
  /** Every request received, in order (chat and models). */
  readonly requests: FakeRequest[];
  /** The chat requests only. */
  readonly chatRequests: FakeRequest[];
  /** How many chat requests the client closed before the server finished answering (aborts, timeouts). */
  readonly connectionsClosed: number;
  /** Queues replies for the next chat requests, in order. */
  reply(...replies: FakeReply[]): void;
  /** Replaces the answer used when the queue is empty. */
  setDefaultReply(reply: FakeReply): void;
  /** Resolves when `connectionsClosed` reaches `count` (default: one more than now); rejects after `timeoutMs`. */
  waitForClientClose(count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_REPLY: FakeAnswer = { deltas: ["Hello", " from", " the fake model."] };

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const queue: FakeReply[] = [];
  let defaultReply = options.defaultReply ?? DEFAULT_REPLY;
  const requests: FakeRequest[] = [];
  let closed = 0;
  const closeWaiters: { count: number; resolve: () => void }[] = [];
  const noteClientClose = () => {
    closed++;
    for (const waiter of closeWaiters.filter((w) => closed >= w.count)) {
      closeWaiters.splice(closeWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const request: FakeRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, at: Date.now() };
      requests.push(request);
      const path = request.path.split("?")[0]!.replace(/\/+$/, "");
      if (request.method === "GET" && path === "/v1/models") return sendModels(res, options.models);
      if (request.method !== "POST" || path !== "/v1/chat/completions") {
        return sendError(res, { status: 404, message: `Unknown route ${request.method} ${request.path}`, code: "not_found" });
      }
      // A client that goes away before the answer is complete closes the response early.
      res.on("close", () => {
        if (!res.writableFinished) noteClientClose();
      });
      const model = typeof body.model === "string" ? body.model : "";
      if (options.models && !options.models.includes(model)) {
        return sendError(res, { status: 404, message: `The model \`${model}\` does not exist`, code: "model_not_found" });
      }
      return answerChat(res, request, queue.shift() ?? defaultReply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get chatRequests() {
      return requests.filter((r) => r.path.startsWith("/v1/chat/completions"));
    },
    get connectionsClosed() {
      return closed;
    },
    reply: (...replies) => void queue.push(...replies),
    setDefaultReply: (reply) => void (defaultReply = reply),
    waitForClientClose: (count = closed + 1, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (closed >= count) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`fake OpenAI server: client did not close ${count} request(s) within ${timeoutMs} ms`)),
          timeoutMs,
        );
        closeWaiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<FakeChatBody> {
  let data = "";
  req.setEncoding("utf8");
  for await (const chunk of req) data += chunk as string;
  try {
    const parsed: unknown = data ? JSON.parse(data) : {};
    return parsed && typeof parsed === "object" ? (parsed as FakeChatBody) : {};
  } catch {
    return {};
  }
}

function sendModels(res: ServerResponse, models = ["fake-model"]) {
  const data = models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" }));
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ object: "list", data }));
}

function sendError(res: ServerResponse, error: FakeError) {
  const headers: Record<string, string> = { "content-type": "application/json", ...error.headers };
  if (error.retryAfter !== undefined) headers["retry-after"] = error.retryAfter;
  res.writeHead(error.status, headers);
  res.end(
    JSON.stringify({
      error: { message: error.message, type: error.type ?? "invalid_request_error", param: null, code: error.code ?? null },
    }),
  );
}

async function answerChat(res: ServerResponse, request: FakeRequest, reply: FakeReply) {
  if (reply === "hang") return;
  if ("raw" in reply) {
    res.writeHead(reply.status ?? 200, reply.headers ?? { "content-type": "application/json" });
    return void res.end(reply.raw);
  }
  if ("status" in reply) return sendError(res, reply);
  if (reply.headersDelayMs) await sleep(reply.headersDelayMs);
  if (res.destroyed) return;
  const usage = reply.usage === undefined ? defaultUsage(request.body, reply.deltas.length) : reply.usage;
  if (request.body.stream === true) return streamAnswer(res, request.body, reply, usage);
  const content = reply.deltas.map((d) => (typeof d === "string" ? d : d.text)).join("");
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      ...completionBase(request.body, "chat.completion"),
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: reply.finishReason ?? "stop" }],
      ...(usage ? { usage: withTotal(usage) } : {}),
    }),
  );
}

async function streamAnswer(res: ServerResponse, body: FakeChatBody, reply: FakeAnswer, usage: FakeUsage | null) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const base = completionBase(body, "chat.completion.chunk");
  // Each event is flushed to the socket before going on, so a later destroy() cuts the stream after it, not before.
  const send = (chunk: object) =>
    new Promise<void>((resolve) => res.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`, () => resolve()));
  await send({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
  for (const [i, delta] of reply.deltas.entries()) {
    if (i === reply.closeAfter) return void res.destroy();
    if (i === reply.stallAfter) return;
    const { text, delayMs } = typeof delta === "string" ? { text: delta, delayMs: 0 } : delta;
    if (delayMs) await sleep(delayMs);
    if (res.destroyed) return;
    await send({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
  }
  if (reply.closeAfter === reply.deltas.length) return void res.destroy();
  if (reply.stallAfter === reply.deltas.length) return;
  await send({ choices: [{ index: 0, delta: {}, finish_reason: reply.finishReason ?? "stop" }] });
  if (usage && body.stream_options?.include_usage) await send({ choices: [], usage: withTotal(usage) });
  res.end("data: [DONE]\n\n");
}

function completionBase(body: FakeChatBody, object: string) {
  return { id: "chatcmpl-fake", object, created: Math.floor(Date.now() / 1000), model: body.model ?? "fake-model" };
}

function defaultUsage(body: FakeChatBody, deltas: number): FakeUsage {
  const chars = (body.messages ?? []).reduce((sum, m) => sum + (typeof m.content === "string" ? m.content.length : 0), 0);
  return { prompt_tokens: Math.ceil(chars / 4), completion_tokens: deltas };
}

const withTotal = (usage: FakeUsage) => ({ ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens });
