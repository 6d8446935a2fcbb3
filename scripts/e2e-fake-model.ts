/**
 * The fake OpenAI-compatible model of the e2e stack (scripts/e2e-stack.ts points the "web-llm" instance of the
 * employee app at it). A test steers it deterministically through a marker written in its question, so tests
 * running in parallel never share state:
 *
 *   (no marker)        a short answer citing source 1, streamed at once
 *   [slow]             a long answer streamed one word every 150 ms (time to press stop)
 *   [fail]             HTTP 500 every time (the app runs with LLM_MAX_RETRIES=0: PROVIDER_DOWN at once)
 *   [fail-once:<tag>]  HTTP 500 the first time <tag> is seen, then answers normally (retry works)
 *   [busy]             HTTP 429 (RATE_LIMITED)
 *
 * Follow-up rewrites (the app's "Last question: …" prompt) are answered with the question itself, so retrieval
 * sees what the test asked. Only the last user message is read, so a marker in an earlier turn has no effect.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_MODEL_NAME = "fake-e2e-model";

export interface FakeModel {
  /** Base URL up to /v1. */
  url: string;
  close(): Promise<void>;
}

interface ChatBody {
  stream?: boolean;
  messages?: { role: string; content: unknown }[];
}

const ANSWER = "Here is what the documentation says [1]. Check the source for the details.";
const SLOW_WORDS = 80;
const SLOW_DELAY_MS = 150;

export async function startFakeModel(port = 0): Promise<FakeModel> {
  const failedOnce = new Set<string>();
  const server = createServer((req, res) => {
    void readJson(req).then((body) => handle(req, res, body, failedOnce));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, body: ChatBody, failedOnce: Set<string>) {
  const path = (req.url ?? "").split("?")[0]!.replace(/\/+$/, "");
  if (req.method === "GET" && path === "/v1/models") {
    return json(res, 200, { object: "list", data: [{ id: FAKE_MODEL_NAME, object: "model", owned_by: "e2e" }] });
  }
  if (req.method !== "POST" || path !== "/v1/chat/completions") return json(res, 404, error("Unknown route", "not_found"));

  const last = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
  const text = typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "");
  const rewrite = /Last question: ([\s\S]*)$/.exec(text);
  if (rewrite) return reply(res, body, [rewrite[1]!.trim()], 0);

  const once = /\[fail-once:([\w-]+)\]/.exec(text)?.[1];
  if (text.includes("[fail]") || (once && !failedOnce.has(once))) {
    if (once) failedOnce.add(once);
    return json(res, 500, error("The fake model is down (asked by the test).", "server_error"));
  }
  if (text.includes("[busy]")) return json(res, 429, error("Rate limit reached (asked by the test).", "rate_limit_exceeded"));
  if (text.includes("[slow]")) {
    const words = Array.from({ length: SLOW_WORDS }, (_, i) => (i === 0 ? "Partial [1]" : ` word${i}`));
    return reply(res, body, words, SLOW_DELAY_MS);
  }
  return reply(res, body, ANSWER.split(/(?<= )/), 0);
}

async function reply(res: ServerResponse, body: ChatBody, deltas: string[], delayMs: number) {
  const id = `chatcmpl-${Date.now()}`;
  if (!body.stream) {
    return json(res, 200, {
      id,
      object: "chat.completion",
      model: FAKE_MODEL_NAME,
      choices: [{ index: 0, message: { role: "assistant", content: deltas.join("") }, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: deltas.length, total_tokens: 10 + deltas.length },
    });
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", model: FAKE_MODEL_NAME, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let closed = false;
  res.on("close", () => (closed = true));
  res.write(chunk({ role: "assistant", content: "" }));
  for (const delta of deltas) {
    if (closed) return;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (closed) return;
    res.write(chunk({ content: delta }));
  }
  res.write(chunk({}, "stop"));
  res.end("data: [DONE]\n\n");
}

function error(message: string, code: string) {
  return { error: { message, type: code, param: null, code } };
}

function json(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}

async function readJson(req: IncomingMessage): Promise<ChatBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatBody;
  } catch {
    return {};
  }
}
