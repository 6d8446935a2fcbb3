import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai";
import { EmbeddingError, isEmbeddingError } from "./types";
import { normalizeInPlace } from "./vector";

/**
 * A real HTTP server on 127.0.0.1 speaking OpenAI's /v1/embeddings protocol — the boundary the provider talks to in
 * production (OpenAI, Azure, Ollama, vLLM). Each test scripts its answers.
 */
interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };
}
type Answer = { status?: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } | "hang";
type Responder = (request: Received, count: number) => Answer;

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(respond: Responder) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => {
      const request: Received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: data ? JSON.parse(data) : {} };
      received.push(request);
      const answer = respond(request, received.length);
      if (answer === "hang") return; // never answers: for timeouts
      void sleep(answer.delayMs ?? 0).then(() => {
        res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
        res.end(JSON.stringify(answer.body ?? {}));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const handle = {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

/** A deterministic, text-dependent (not normalised) vector, as a real model would return. */
function fakeVector(text: string, dims: number): number[] {
  let seed = 7;
  for (const ch of text) seed = (seed * 31 + ch.codePointAt(0)!) % 100_003;
  return Array.from({ length: dims }, (_, k) => Math.sin(seed * (k + 1)) * 3);
}

const inputsOf = (request: Received): string[] =>
  Array.isArray(request.body.input) ? (request.body.input as string[]) : [String(request.body.input)];

/** A successful /embeddings answer; `reverse` lists the items out of order (with correct `index`), as servers may. */
function embeddingsAnswer(request: Received, dims: number, { reverse = false } = {}) {
  const data = inputsOf(request).map((text, index) => ({ object: "embedding", index, embedding: fakeVector(text, dims) }));
  if (reverse) data.reverse();
  return { body: { object: "list", data, model: request.body.model, usage: { prompt_tokens: 1, total_tokens: 1 } } };
}

const openAIError = (status: number, message: string, code: string | null = null, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: { error: { message, type: "invalid_request_error", param: null, code } },
});

/** Options shared by the tests: tiny backoff so retries take milliseconds. */
const base = (url: string, more: Partial<OpenAIEmbedderOptions> = {}): OpenAIEmbedderOptions => ({
  model: "text-embedding-3-small",
  baseURL: url,
  apiKey: "test-key",
  dimensions: 8,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 5,
  ...more,
});

async function failure(promise: Promise<unknown>): Promise<EmbeddingError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EmbeddingError);
    return error as EmbeddingError;
  }
  throw new Error("expected the call to fail");
}

describe("OpenAIEmbedder against an OpenAI-compatible server", () => {
  it("batches requests and preserves input order, even when batches and items come back out of order", async () => {
    const server = await startServer((request, n) => ({ ...embeddingsAnswer(request, 8, { reverse: true }), delayMs: n === 1 ? 60 : 0 }));
    const embedder = createOpenAIEmbedder(base(server.url, { batchSize: 2, maxConcurrency: 3 }));
    const texts = ["annual leave", "expense claims", "password policy", "remote work", "payroll dates"];

    const vectors = await embedder.embedDocuments(texts);

    expect(server.received).toHaveLength(3);
    expect(server.received.map((r) => inputsOf(r))).toEqual([texts.slice(0, 2), texts.slice(2, 4), texts.slice(4)]);
    expect(vectors).toHaveLength(5);
    vectors.forEach((vector, i) => {
      const expected = normalizeInPlace(fakeVector(texts[i]!, 8));
      vector.forEach((x, k) => expect(x).toBeCloseTo(expected[k]!, 6));
    });
    expect(embedder.id).toBe("openai:text-embedding-3-small");
    expect(embedder.dimensions).toBe(8);
  });

  it("sends model, input, dimensions and the bearer key to POST {baseURL}/embeddings", async () => {
    const server = await startServer((request) => embeddingsAnswer(request, 8));
    await createOpenAIEmbedder(base(server.url)).embedQuery("How many days of annual leave?");

    const [request] = server.received;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/v1/embeddings");
    expect(request!.headers.authorization).toBe("Bearer test-key");
    expect(request!.body).toMatchObject({
      model: "text-embedding-3-small",
      input: ["How many days of annual leave?"],
      dimensions: 8,
      encoding_format: "float",
    });
  });

  it("does not send `dimensions` to models that do not support it, and sends long texts untouched (no tokenizer)", async () => {
    const server = await startServer((request) => embeddingsAnswer(request, 8));
    const embedder = createOpenAIEmbedder(base(server.url, { model: "nomic-embed-text", apiKey: undefined }));
    const long = "Line one of a long policy.\n".repeat(2_000);
    await embedder.embedDocuments([long]);

    const [request] = server.received;
    expect(request!.body).not.toHaveProperty("dimensions");
    expect(request!.body.input).toEqual([long]); // not truncated, newlines kept
    expect(request!.headers.authorization).toBe("Bearer no-key"); // placeholder: never a stray OPENAI_API_KEY
  });

  it("retries after a 429, honouring Retry-After, then succeeds", async () => {
    const server = await startServer((request, n) =>
      n === 1 ? openAIError(429, "Rate limit reached", null, { "retry-after-ms": "20" }) : embeddingsAnswer(request, 8),
    );
    const started = performance.now();
    const vectors = await createOpenAIEmbedder(base(server.url)).embedDocuments(["a", "b"]);
    expect(vectors).toHaveLength(2);
    expect(server.received).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
  });

  it("retries after a 500, then succeeds; gives up after maxRetries with a NETWORK error", async () => {
    const flaky = await startServer((request, n) => (n === 1 ? openAIError(500, "The server had an error") : embeddingsAnswer(request, 8)));
    expect(await createOpenAIEmbedder(base(flaky.url)).embedQuery("hello")).toHaveLength(8);
    expect(flaky.received).toHaveLength(2);

    const down = await startServer(() => openAIError(503, "Service unavailable"));
    const error = await failure(createOpenAIEmbedder(base(down.url, { maxRetries: 2 })).embedQuery("hello"));
    expect(down.received).toHaveLength(3);
    expect(error.code).toBe("NETWORK");
    expect(error.status).toBe(503);
    expect(error.message).toContain("after 3 attempts");
    expect(error.message).toContain(down.url);
  });

  it("reports vectors of the wrong length as DIMENSION_MISMATCH with the fix", async () => {
    const server = await startServer((request) => embeddingsAnswer(request, 16));
    const error = await failure(createOpenAIEmbedder(base(server.url, { model: "nomic-embed-text" })).embedQuery("hello"));
    expect(error.code).toBe("DIMENSION_MISMATCH");
    expect(error.message).toContain("returned 16-dimensional vectors, but 8 are configured");
    expect(error.message).toContain("EMBEDDING_DIMENSIONS=16");
    expect(server.received).toHaveLength(1); // not retried
  });

  it("maps 401 to CONFIG pointing at EMBEDDING_API_KEY, without retrying or echoing the key", async () => {
    const server = await startServer(() => openAIError(401, "Incorrect API key provided: test-key.", "invalid_api_key"));
    const error = await failure(createOpenAIEmbedder(base(server.url)).embedQuery("hello"));
    expect(error.code).toBe("CONFIG");
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Check EMBEDDING_API_KEY");
    expect(error.message).not.toContain("test-key");
    expect(server.received).toHaveLength(1);
  });

  it("maps an unknown model to MODEL_MISSING and a wrong path to CONFIG", async () => {
    const server = await startServer(() => openAIError(404, 'model "nomic-embed-text" not found, try pulling it first'));
    const missing = await failure(createOpenAIEmbedder(base(server.url, { model: "nomic-embed-text" })).embedQuery("hello"));
    expect(missing.code).toBe("MODEL_MISSING");
    expect(missing.message).toContain("ollama pull nomic-embed-text");

    const wrongPath = await startServer(() => ({ status: 404, body: { detail: "Not Found" } }));
    const error = await failure(createOpenAIEmbedder(base(wrongPath.url.replace(/\/v1$/, ""))).embedQuery("hello"));
    expect(error.code).toBe("CONFIG");
    expect(error.message).toContain("EMBEDDING_BASE_URL");
  });

  it("maps a refused connection to NETWORK naming the URL", async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const url = `http://127.0.0.1:${port}/v1`;
    const error = await failure(createOpenAIEmbedder(base(url, { maxRetries: 1 })).embedQuery("hello"));
    expect(error.code).toBe("NETWORK");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(url);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toContain("2 attempts");
  });

  it("maps a server that never answers to NETWORK after the timeout", async () => {
    const server = await startServer(() => "hang");
    const error = await failure(createOpenAIEmbedder(base(server.url, { timeoutMs: 150, maxRetries: 0 })).embedQuery("hello"));
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain("did not answer within 150 ms");
  });

  it("rejects malformed answers as BAD_RESPONSE", async () => {
    const short = await startServer((request) => ({ body: { object: "list", data: embeddingsAnswer(request, 8).body.data.slice(1) } }));
    expect((await failure(createOpenAIEmbedder(base(short.url)).embedDocuments(["a", "b"]))).code).toBe("BAD_RESPONSE");

    const notNumbers = await startServer(() => ({ body: { data: [{ index: 0, embedding: ["x", 1, 2, 3, 4, 5, 6, 7] }] } }));
    expect((await failure(createOpenAIEmbedder(base(notNumbers.url)).embedQuery("a"))).code).toBe("BAD_RESPONSE");
  });

  it("maps an over-long input to INPUT_REJECTED and exhausted quota to a non-retryable RATE_LIMITED", async () => {
    const tooLong = await startServer(() =>
      openAIError(400, "This model's maximum context length is 8192 tokens, however you requested 9000 tokens."),
    );
    const rejected = await failure(createOpenAIEmbedder(base(tooLong.url)).embedQuery("a"));
    expect(rejected.code).toBe("INPUT_REJECTED");
    expect(tooLong.received).toHaveLength(1);

    const broke = await startServer(() =>
      openAIError(429, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota"),
    );
    const quota = await failure(createOpenAIEmbedder(base(broke.url)).embedQuery("a"));
    expect(quota.code).toBe("RATE_LIMITED");
    expect(quota.retryable).toBe(false);
    expect(broke.received).toHaveLength(1);
  });

  it("embeds empty texts as zero vectors without a request", async () => {
    const server = await startServer((request) => embeddingsAnswer(request, 8));
    const [empty, word, blank] = await createOpenAIEmbedder(base(server.url)).embedDocuments(["", "leave", "  "]);
    expect(empty).toEqual(new Array(8).fill(0));
    expect(blank).toEqual(new Array(8).fill(0));
    expect(word!.some((x) => x !== 0)).toBe(true);
    expect(server.received.map(inputsOf)).toEqual([["leave"]]);
  });

  it("refuses incomplete settings with CONFIG errors", () => {
    const configError = (options: OpenAIEmbedderOptions) => {
      try {
        createOpenAIEmbedder(options);
      } catch (error) {
        return isEmbeddingError(error, "CONFIG") ? error.message : `not CONFIG: ${String(error)}`;
      }
      return "no error";
    };
    expect(configError({ model: "nomic-embed-text", baseURL: "http://127.0.0.1:1/v1" })).toContain("Set EMBEDDING_DIMENSIONS");
    expect(configError({ model: "text-embedding-3-small" })).toContain("EMBEDDING_API_KEY is required");
    expect(configError({ model: "" })).toContain("EMBEDDING_MODEL is required");
    expect(configError({ model: "m", baseURL: "not a url", dimensions: 8 })).toContain("EMBEDDING_BASE_URL");
    expect(configError({ model: "m", baseURL: "http://x/v1", dimensions: 8, batchSize: 0 })).toContain("EMBEDDING_BATCH_SIZE");
    // A known model without explicit dimensions uses its native size and does not send the parameter.
    expect(createOpenAIEmbedder({ model: "text-embedding-3-large", apiKey: "k" }).dimensions).toBe(3072);
  });
});
