/**
 * A local OpenAI-compatible server that answers every chat completion at once with the same short cited text:
 * the model of `lore bench answers`, so the pipeline's own time is measured through the real provider code
 * (HTTP, streaming, usage) with next to no time spent by the model itself. Streams (SSE) when asked to.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface InstantModelServer {
  /** Base URL up to /v1, for `createOpenAIChatModel({ baseURL })`. */
  url: string;
  /** Chat completions answered so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export const INSTANT_ANSWER = "According to the policy, this is how it works [1].";

async function body(req: IncomingMessage): Promise<{ stream?: boolean; model?: string; stream_options?: { include_usage?: boolean } }> {
  let raw = "";
  for await (const chunk of req) raw += String(chunk);
  try {
    return JSON.parse(raw) as { stream?: boolean; model?: string };
  } catch {
    return {};
  }
}

export async function startInstantModelServer(): Promise<InstantModelServer> {
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
    }
    void body(req).then((request) => {
      requests++;
      const base = { id: `chatcmpl-${requests}`, created: Math.floor(Date.now() / 1000), model: request.model ?? "instant" };
      const usage = { prompt_tokens: 100, completion_tokens: 12, total_tokens: 112 };
      if (!request.stream) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(
          JSON.stringify({
            ...base,
            object: "chat.completion",
            choices: [{ index: 0, message: { role: "assistant", content: INSTANT_ANSWER }, finish_reason: "stop" }],
            usage,
          }),
        );
      }
      const event = (chunk: object) => `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", ...chunk })}\n\n`;
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.end(
        event({ choices: [{ index: 0, delta: { role: "assistant", content: INSTANT_ANSWER }, finish_reason: null }] }) +
          event({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) +
          (request.stream_options?.include_usage ? event({ choices: [], usage }) : "") +
          "data: [DONE]\n\n",
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
