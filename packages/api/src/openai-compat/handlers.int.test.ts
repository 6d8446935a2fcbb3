// The OpenAI-compatible endpoint driven by the official `openai` client over real HTTP, on the harness database:
// streaming and not, the model list, keys refused, bad bodies, access control, and a client that goes away.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@lore/core/api-keys";
import { getActiveEmbedder, indexDocument } from "@lore/core/knowledge-base";
import { createOpenAIChatModel } from "@lore/core/llm";
import { markdownDoc, startFakeOpenAI, type FakeOpenAIServer } from "@lore/core/testing";
import { useHarness } from "../../test/harness";
import { createChatCompletionsHandler, createModelsHandler, type CompletionSource, type OpenAICompatOptions } from ".";

const h = useHarness();
const run = randomUUID().slice(0, 8);
const SECRET_TOKEN = `zebra${run}`;
let server: Server;
let baseURL = "";
let fake: FakeOpenAIServer;
let slowServer: Server;
let slowURL = "";
let financeDocumentId = "";

/** Serves the handlers as the app does (a Node server turning requests into fetch Requests), the signal included. */
async function serve(options: OpenAICompatOptions): Promise<{ server: Server; url: string }> {
  const routes: Record<string, (request: Request) => Promise<Response>> = {
    "POST /api/v1/chat/completions": createChatCompletionsHandler(options),
    "GET /api/v1/models": createModelsHandler(options),
  };
  const listening = createServer(async (req, res) => {
    const gone = new AbortController();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    const withBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method,
      headers,
      signal: gone.signal,
      ...(withBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    const response = await handler(request);
    const replyHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => (replyHeaders[key] = value));
    res.writeHead(response.status, replyHeaders);
    const reader = response.body?.getReader();
    res.on("close", () => {
      if (res.writableFinished) return;
      gone.abort();
      void reader?.cancel();
    });
    if (!reader) return void res.end();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) res.write(next.value);
      res.end();
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
  return { server: listening, url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/api/v1` };
}

const clientWith = (apiKey: string, url = baseURL) => new OpenAI({ apiKey, baseURL: url, maxRetries: 0 });

/** A user with a fresh API key, optionally in a group. */
async function userWithKey(group?: string) {
  const user = await h.createUser();
  if (group) {
    const found = await h.db.group.findUniqueOrThrow({ where: { name: group } });
    await h.db.groupMembership.create({ data: { userId: user.id, groupId: found.id } });
  }
  const key = await createApiKey(h.db, { userId: user.id, name: "test" });
  return { ...user, key };
}

const markers = (text: string) => [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  const embedder = await getActiveEmbedder(h.db);
  await h.db.group.create({ data: { id: randomUUID(), name: `finance-${run}` } });
  await indexDocument(
    h.db,
    {
      source: "test",
      doc: markdownDoc("leave", "Annual leave", "# Annual leave\n\nEvery employee gets 27 days of annual leave per calendar year.", {
        url: "https://intranet.example/leave",
      }),
    },
    { embedder },
  );
  const finance = await indexDocument(
    h.db,
    {
      source: "test",
      doc: markdownDoc(
        "salaries",
        "Salary bands",
        `# Salary bands\n\nThe salary bands for engineers are reviewed every year, code ${SECRET_TOKEN}. Salary bands are confidential.`,
      ),
      groups: [`finance-${run}`],
    },
    { embedder },
  );
  financeDocumentId = finance.documentId;
  ({ server, url: baseURL } = await serve({ db: h.db }));
  // A slow model behind a fake OpenAI server, to see a client that leaves stop the answer upstream.
  fake = await startFakeOpenAI({
    defaultReply: { deltas: ["Employees get", ...Array.from({ length: 50 }, () => ({ text: " more", delayMs: 100 })), " [1]."] },
  });
  ({ server: slowServer, url: slowURL } = await serve({
    db: h.db,
    chatModel: () => createOpenAIChatModel({ baseURL: fake.url, apiKey: "k", model: "fake", timeoutMs: 10_000, maxRetries: 0 }),
  }));
});

afterAll(async () => {
  await Promise.all([server, slowServer].map((s) => new Promise((resolve) => s?.close(resolve))));
  await fake?.close();
});

describe("POST /api/v1/chat/completions", () => {
  it("streams an answer to the official client: role, content, the Sources list, the sources field, usage", async () => {
    const user = await userWithKey();
    const stream = await clientWith(user.key.secret).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hello" },
        { role: "assistant", content: "Hi! Ask me anything." },
        { role: "user", content: [{ type: "text", text: "How many days of annual leave do employees get?" }] },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThan(2);
    const content = contentChunks.map((c) => c.choices[0]!.delta.content).join("");
    const [answer, list] = content.split("\n\nSources:\n");
    expect(answer).toContain("27 days");
    expect(list).toBe("[1] Annual leave — https://intranet.example/leave");

    const stop = chunks.find((c) => c.choices[0]?.finish_reason === "stop")!;
    const sources = (stop as unknown as { sources: CompletionSource[] }).sources;
    expect(sources).toEqual([
      expect.objectContaining({ n: 1, title: "Annual leave", url: "https://intranet.example/leave", headingPath: ["Annual leave"] }),
    ]);
    expect(markers(answer!).length).toBeGreaterThan(0);
    for (const n of markers(answer!)) expect(sources.map((s) => s.n)).toContain(n);

    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    expect(chunks.every((c) => c.model === "lore" && c.object === "chat.completion.chunk" && c.id === chunks[0]!.id)).toBe(true);
    // Nothing is stored: the API answers without a conversation.
    expect(await h.db.conversation.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers without streaming: one chat.completion with the Sources list, the sources field and usage", async () => {
    const user = await userWithKey();
    const completion = await clientWith(user.key.secret).chat.completions.create({
      model: "lore",
      messages: [{ role: "user", content: "How many days of annual leave do employees get?" }],
    });
    expect(completion).toMatchObject({ object: "chat.completion", model: "lore", usage: { total_tokens: expect.any(Number) } });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("stop");
    expect(choice.message.role).toBe("assistant");
    expect(choice.message.content).toMatch(/27 days.*\[1\].*\n\nSources:\n\[1\] Annual leave — https:\/\/intranet\.example\/leave$/s);
    const sources = (completion as unknown as { sources: CompletionSource[] }).sources;
    expect(sources).toMatchObject([
      { n: 1, title: "Annual leave", documentId: expect.any(String), versionId: expect.any(String), chunkId: expect.any(String) },
    ]);
  });

  it("lists the one model", async () => {
    const user = await userWithKey();
    const models = await clientWith(user.key.secret).models.list();
    expect(models.data).toEqual([expect.objectContaining({ id: "lore", object: "model", owned_by: "lore" })]);
  });

  it("refuses a revoked, unknown or missing key with 401 in OpenAI's shape", async () => {
    const user = await userWithKey();
    const client = clientWith(user.key.secret);
    await client.models.list();
    await revokeApiKey(h.db, { userId: user.id, id: user.key.id });
    const ask = (c: OpenAI) =>
      c.chat.completions.create({ model: "lore", messages: [{ role: "user", content: "Annual leave?" }], stream: true });
    await expect(ask(client)).rejects.toMatchObject({ status: 401, code: "invalid_api_key", type: "invalid_request_error" });
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
    await expect(ask(clientWith(`lore_${"x".repeat(40)}`))).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    const response = await fetch(`${baseURL}/chat/completions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { message: expect.stringContaining("API key"), type: "invalid_request_error", param: null, code: "invalid_api_key" },
    });
  });

  it("refuses an invalid body with 400", async () => {
    const user = await userWithKey();
    const client = clientWith(user.key.secret);
    await expect(client.chat.completions.create({ model: "lore", messages: [] })).rejects.toMatchObject({ status: 400, param: "messages" });
    await expect(client.chat.completions.create({ model: "lore", messages: [{ role: "assistant", content: "Hi" }] })).rejects.toMatchObject(
      {
        status: 400,
      },
    );
    await expect(
      client.chat.completions.create({
        model: "lore",
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }],
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("only text") });
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key.secret}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", code: "invalid_json" } });
  });

  it("applies access control: a document of a group reaches its members only, in the sources and the text", async () => {
    const outsider = await userWithKey();
    const member = await userWithKey(`finance-${run}`);
    const question = "What are the salary bands for engineers?";
    const ask = async (secret: string) => {
      let content = "";
      let sources: CompletionSource[] = [];
      const stream = await clientWith(secret).chat.completions.create({
        model: "lore",
        messages: [{ role: "user", content: question }],
        stream: true,
      });
      for await (const chunk of stream) {
        content += chunk.choices[0]?.delta.content ?? "";
        if (chunk.choices[0]?.finish_reason) sources = (chunk as unknown as { sources: CompletionSource[] }).sources;
      }
      return { content, sources };
    };
    const inside = await ask(member.key.secret);
    expect(inside.sources.map((s) => s.documentId)).toContain(financeDocumentId);
    expect(inside.content).toContain(SECRET_TOKEN);

    const outside = await ask(outsider.key.secret);
    expect(outside.sources.map((s) => s.documentId)).not.toContain(financeDocumentId);
    expect(outside.content).not.toContain(SECRET_TOKEN);
    expect(outside.content).not.toContain("Salary bands");
  });

  it("stops the answer, and the model's request upstream, when the client goes away", async () => {
    const user = await userWithKey();
    const closed = fake.connectionsClosed;
    const controller = new AbortController();
    const stream = await clientWith(user.key.secret, slowURL).chat.completions.create(
      { model: "lore", messages: [{ role: "user", content: "How many days of annual leave do employees get?" }], stream: true },
      { signal: controller.signal },
    );
    let content = "";
    try {
      for await (const chunk of stream) {
        content += chunk.choices[0]?.delta.content ?? "";
        if (content.includes("more")) controller.abort();
      }
    } catch {
      // The client may report its own abort as an error.
    }
    expect(content).toContain("Employees get more");
    // Without the abort reaching the model, the fake would answer for five seconds more.
    await fake.waitForClientClose(closed + 1, 3000);
    expect(fake.connectionsClosed).toBe(closed + 1);
  });
});
