import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../testing/fake-openai";
import { chatModelFromEnv } from "./env";
import { isLlmError, type LlmError, type LlmErrorCode } from "./errors";
import { createOpenAIChatModel, type OpenAIChatModelConfig } from "./openai";
import type { ChatModel, ChatModelChunk, ChatModelRequest } from "./types";

const servers: FakeOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fakeServer(...args: Parameters<typeof startFakeOpenAI>) {
  const server = await startFakeOpenAI(...args);
  servers.push(server);
  return server;
}

const KEY = "sk-test-secret-key-1234";
const modelOn = (server: { url: string }, config: Partial<OpenAIChatModelConfig> = {}) =>
  createOpenAIChatModel({ model: "fake-model", baseURL: server.url, apiKey: KEY, timeoutMs: 2_000, retryBaseDelayMs: 10, ...config });

const question: ChatModelRequest = {
  messages: [
    { role: "system", content: "Answer from the sources." },
    { role: "user", content: "How many days of leave?" },
  ],
};

async function collect(model: ChatModel, request: ChatModelRequest = question): Promise<ChatModelChunk[]> {
  const chunks: ChatModelChunk[] = [];
  for await (const chunk of model.stream(request)) chunks.push(chunk);
  return chunks;
}

async function failure(promise: Promise<unknown>, code: LlmErrorCode): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isLlmError(error), `expected LlmError ${code}, got ${String(error)}`).toBe(true);
  const llmError = error as LlmError;
  expect(llmError.code, llmError.message).toBe(code);
  expect(llmError.message).not.toContain(KEY);
  return llmError;
}

const texts = (chunks: ChatModelChunk[]) => chunks.flatMap((c) => (c.type === "text" ? [c.text] : []));

describe("createOpenAIChatModel", () => {
  it("streams the deltas, then the server's usage, from one Chat Completions request", async () => {
    const server = await fakeServer();
    server.reply({ deltas: ["Twenty", "-five", " days."], usage: { prompt_tokens: 21, completion_tokens: 4 } });
    const model = modelOn(server);

    const chunks = await collect(model, { ...question, temperature: 0.2, maxOutputTokens: 300 });

    expect(texts(chunks)).toEqual(["Twenty", "-five", " days."]);
    expect(chunks.at(-1)).toEqual({ type: "usage", inputTokens: 21, outputTokens: 4 });
    expect(server.chatRequests).toHaveLength(1);
    const [request] = server.chatRequests;
    expect(request!.path).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request!.body).toMatchObject({
      model: "fake-model",
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 300,
      messages: [
        { role: "system", content: "Answer from the sources." },
        { role: "user", content: "How many days of leave?" },
      ],
    });
    expect(model.id).toBe(`openai:fake-model@${server.url}`);
    expect(model.label).toBe("fake-model");
  });

  it("counts the usage itself when the server sends none", async () => {
    const server = await fakeServer();
    server.reply({ deltas: ["Hello", " world"], usage: null });
    const chunks = await collect(modelOn(server));
    const usage = chunks.at(-1);
    expect(usage).toMatchObject({ type: "usage", outputTokens: 2 });
    expect(usage?.type === "usage" && usage.inputTokens).toBeGreaterThan(10);
  });

  it("sends assistant turns and leaves temperature and max tokens out when not asked", async () => {
    const server = await fakeServer();
    await collect(modelOn(server), {
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "user", content: "Again" },
      ],
    });
    const body = server.chatRequests[0]!.body;
    expect(body.messages?.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("max_tokens");
  });

  it("retries a 429 once after its Retry-After, then streams", async () => {
    const server = await fakeServer();
    server.reply({ status: 429, message: "Rate limit reached", code: "rate_limit_exceeded", retryAfter: "1" }, { deltas: ["ok"] });
    const chunks = await collect(modelOn(server));
    expect(texts(chunks)).toEqual(["ok"]);
    const [first, second] = server.chatRequests;
    expect(server.chatRequests).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(second!.at - first!.at).toBeLessThan(2_500);
  });

  it("gives up on 429 after LLM_MAX_RETRIES with RATE_LIMITED", async () => {
    const server = await fakeServer({ defaultReply: { status: 429, message: "Rate limit reached", retryAfter: "0" } });
    await failure(collect(modelOn(server, { maxRetries: 2 })), "RATE_LIMITED");
    expect(server.chatRequests).toHaveLength(3);
  });

  it("does not retry an exhausted quota", async () => {
    const server = await fakeServer({
      defaultReply: { status: 429, message: "You exceeded your current quota", code: "insufficient_quota" },
    });
    const error = await failure(collect(modelOn(server)), "RATE_LIMITED");
    expect(error.message).toContain("LLM_API_KEY");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("retries 5xx, then reports PROVIDER_DOWN", async () => {
    const server = await fakeServer({ defaultReply: { status: 503, message: "overloaded", type: "server_error" } });
    await failure(collect(modelOn(server, { maxRetries: 1 })), "PROVIDER_DOWN");
    expect(server.chatRequests).toHaveLength(2);
  });

  it("maps 401 to BAD_KEY, naming LLM_API_KEY, without retrying", async () => {
    const server = await fakeServer();
    server.reply({ status: 401, message: "Incorrect API key provided: sk-test-***1234", code: "invalid_api_key" });
    const error = await failure(collect(modelOn(server)), "BAD_KEY");
    expect(error.message).toContain("LLM_API_KEY");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("maps an unknown model to UNKNOWN_MODEL, naming LLM_MODEL", async () => {
    const server = await fakeServer({ models: ["llama3.1"] });
    const error = await failure(collect(modelOn(server, { model: "llama9" })), "UNKNOWN_MODEL");
    expect(error.message).toContain("LLM_MODEL");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("maps context_length_exceeded to CONTEXT_TOO_LONG", async () => {
    const server = await fakeServer();
    server.reply({
      status: 400,
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
      code: "context_length_exceeded",
    });
    await failure(collect(modelOn(server)), "CONTEXT_TOO_LONG");
  });

  it("reports a closed port as PROVIDER_DOWN", async () => {
    const port = await closedPort();
    const model = createOpenAIChatModel({ model: "m", baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 1, retryBaseDelayMs: 10 });
    const error = await failure(collect(model), "PROVIDER_DOWN");
    expect(error.message).toContain("LLM_BASE_URL");
  });

  it("fails with TIMEOUT when the server never answers", async () => {
    const server = await fakeServer({ defaultReply: "hang" });
    const started = Date.now();
    const error = await failure(collect(modelOn(server, { timeoutMs: 300 })), "TIMEOUT");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.message).toContain("LLM_TIMEOUT_MS");
    expect(server.chatRequests).toHaveLength(1);
    await server.waitForClientClose(1);
  });

  it("fails with TIMEOUT when the stream stalls after some text", async () => {
    const server = await fakeServer();
    server.reply({ deltas: ["one", " two", " three"], stallAfter: 2 });
    const received: string[] = [];
    const run = (async () => {
      for await (const chunk of modelOn(server, { timeoutMs: 300 }).stream(question)) if (chunk.type === "text") received.push(chunk.text);
    })();
    await failure(run, "TIMEOUT");
    expect(received).toEqual(["one", " two"]);
    expect(server.chatRequests).toHaveLength(1); // text was streamed: never retried
  });

  it("reports a stream cut mid-answer as PROVIDER_DOWN without retrying", async () => {
    const server = await fakeServer();
    server.reply({ deltas: ["one", " two", " three"], closeAfter: 2 });
    const error = await failure(collect(modelOn(server)), "PROVIDER_DOWN");
    expect(error.message).toContain("cut the answer off");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("reports a server that is not an OpenAI-compatible API as BAD_RESPONSE", async () => {
    const server = await fakeServer();
    server.reply({ raw: "<html>Welcome</html>", headers: { "content-type": "text/html" } });
    const error = await failure(collect(modelOn(server)), "BAD_RESPONSE");
    expect(error.message).toContain("LLM_BASE_URL");
  });

  it("aborting mid-stream fails with ABORTED and closes the upstream request", async () => {
    const server = await fakeServer();
    server.reply({ deltas: ["one", { text: " two", delayMs: 5_000 }] });
    const controller = new AbortController();
    const received: string[] = [];
    const run = (async () => {
      for await (const chunk of modelOn(server, { timeoutMs: 10_000 }).stream({ ...question, signal: controller.signal })) {
        if (chunk.type === "text") {
          received.push(chunk.text);
          controller.abort();
        }
      }
    })();
    const started = Date.now();
    await failure(run, "ABORTED");
    await server.waitForClientClose(1, 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(received).toEqual(["one"]);
  });

  it("a consumer that stops reading closes the upstream request", async () => {
    const server = await fakeServer();
    server.reply({ deltas: ["one", { text: " two", delayMs: 5_000 }] });
    for await (const chunk of modelOn(server).stream(question)) {
      expect(chunk).toEqual({ type: "text", text: "one" });
      break;
    }
    await server.waitForClientClose(1, 2_000);
  });

  it("an aborted signal stops a Retry-After wait", async () => {
    const server = await fakeServer({ defaultReply: { status: 429, message: "slow down", retryAfter: "30" } });
    const started = Date.now();
    const signal = AbortSignal.timeout(200);
    await failure(collect(modelOn(server), { ...question, signal }), "ABORTED");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("chatModelFromEnv", () => {
  it("is null (the extractive default) when nothing is set", () => {
    expect(chatModelFromEnv({})).toBeNull();
    expect(chatModelFromEnv({ LLM_PROVIDER: "extractive", LLM_MODEL: "ignored" })).toBeNull();
  });

  it("builds the openai provider from LLM_* and streams through it", async () => {
    const server = await fakeServer();
    const model = chatModelFromEnv({ LLM_PROVIDER: "openai", LLM_BASE_URL: server.url, LLM_MODEL: "fake-model", LLM_TIMEOUT_MS: "2000" });
    expect(model?.label).toBe("fake-model");
    expect(texts(await collect(model!)).join("")).toBe("Hello from the fake model.");
    expect(server.chatRequests[0]!.headers.authorization).toBe("Bearer no-key");
  });

  it("names the variable that is wrong", () => {
    const bad = (env: Record<string, string>, variable: string) =>
      expect(() => chatModelFromEnv(env)).toThrow(expect.objectContaining({ code: "CONFIG", message: expect.stringContaining(variable) }));
    bad({ LLM_PROVIDER: "gpt" }, "LLM_PROVIDER");
    bad({ LLM_PROVIDER: "openai" }, "LLM_MODEL");
    bad({ LLM_PROVIDER: "openai", LLM_MODEL: "gpt-4o-mini" }, "LLM_API_KEY");
    bad({ LLM_PROVIDER: "openai", LLM_MODEL: "m", LLM_BASE_URL: "localhost:11434" }, "LLM_BASE_URL");
    bad({ LLM_PROVIDER: "openai", LLM_MODEL: "m", LLM_BASE_URL: "http://x/v1", LLM_TIMEOUT_MS: "soon" }, "LLM_TIMEOUT_MS");
    bad({ LLM_PROVIDER: "openai", LLM_MODEL: "m", LLM_BASE_URL: "http://x/v1", LLM_MAX_RETRIES: "-1" }, "LLM_MAX_RETRIES");
  });

  it("never puts the key in a message", () => {
    try {
      chatModelFromEnv({ LLM_PROVIDER: "openai", LLM_API_KEY: KEY, LLM_TIMEOUT_MS: "x" });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(KEY);
    }
  });
});

/** A port with nothing listening: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
