import { afterEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "./fake-openai";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chat = (url: string, body: object, signal?: AbortSignal) =>
  fetch(`${url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });

describe("startFakeOpenAI", () => {
  it("lists its models and refuses the others with model_not_found", async () => {
    server = await startFakeOpenAI({ models: ["a", "b"] });
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["a", "b"]);
    const refused = await chat(server.url, { model: "c", messages: [] });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ error: { code: "model_not_found" } });
  });

  it("answers a non-streaming request with one JSON completion and usage", async () => {
    server = await startFakeOpenAI();
    server.reply({ deltas: ["a", "b"], usage: { prompt_tokens: 5, completion_tokens: 2 } });
    const answer = (await (await chat(server.url, { model: "m", messages: [{ role: "user", content: "hi" }] })).json()) as object;
    expect(answer).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { role: "assistant", content: "ab" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    expect(server.chatRequests[0]!.body.messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("streams server-sent events ending in [DONE], with usage only when asked", async () => {
    server = await startFakeOpenAI();
    server.reply({ deltas: ["a", "b"] }, { deltas: ["a", "b"] });
    const events = async (body: object) => (await (await chat(server!.url, body)).text()).split("\n\n").filter(Boolean);
    const plain = await events({ model: "m", stream: true, messages: [] });
    expect(plain.at(-1)).toBe("data: [DONE]");
    expect(plain.some((e) => e.includes('"usage"'))).toBe(false);
    const withUsage = await events({ model: "m", stream: true, stream_options: { include_usage: true }, messages: [] });
    expect(withUsage.at(-2)).toContain('"usage"');
  });

  it("sends errors in OpenAI's shape with Retry-After, and counts requests the client closed", async () => {
    server = await startFakeOpenAI();
    server.reply({ status: 429, message: "slow down", code: "rate_limit_exceeded", retryAfter: "2" }, "hang");
    const limited = await chat(server.url, { model: "m" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toEqual({
      error: { message: "slow down", type: "invalid_request_error", param: null, code: "rate_limit_exceeded" },
    });

    const controller = new AbortController();
    const hanging = chat(server.url, { model: "m" }, controller.signal).catch(() => "aborted");
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await hanging).toBe("aborted");
    await server.waitForClientClose(1);
    expect(server.connectionsClosed).toBe(1);
  });
});
