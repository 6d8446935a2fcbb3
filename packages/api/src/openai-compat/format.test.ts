import { describe, expect, it } from "vitest";
import type { SourceView, StoredMessage } from "@lore/core/answer";
import { answerOf, chatCompletion, sourcesList } from "./format";
import { parseChatCompletionRequest } from "./request";

const source = (n: number, url: string | null): SourceView => ({
  n,
  chunkId: `c${n}`,
  documentId: `d${n}`,
  versionId: `v${n}`,
  title: `Doc ${n}`,
  url,
  headingPath: ["Doc"],
  excerpt: `Passage ${n}`,
});

const message = (text: string, cited: number[]): StoredMessage => ({
  id: "m",
  conversationId: "c",
  role: "assistant",
  status: "complete",
  createdAt: new Date(0),
  parts: [
    { type: "text", text },
    { type: "sources", sources: [source(1, "https://a.example"), source(2, null), source(3, null)] },
    {
      type: "citations",
      citations: cited.map((n) => ({
        n,
        chunkId: `c${n}`,
        documentId: `d${n}`,
        versionId: `v${n}`,
        title: `Doc ${n}`,
        headingPath: [],
        attached: false,
      })),
    },
  ],
});

describe("the OpenAI reply", () => {
  it("lists the cited sources only, by number, after the answer", () => {
    const { text, sources } = answerOf(message("B [2], and A [1].", [2, 1]));
    expect(text).toBe("B [2], and A [1].");
    expect(sources.map((s) => s.n)).toEqual([1, 2]);
    expect(sourcesList(sources)).toBe("\n\nSources:\n[1] Doc 1 — https://a.example\n[2] Doc 2");
    expect(sourcesList([])).toBe("");
    const completion = chatCompletion("id", 1, message("A [1].", [1]), { inputTokens: 3, outputTokens: 4 });
    expect(completion.choices[0]!.message.content).toBe("A [1].\n\nSources:\n[1] Doc 1 — https://a.example");
    expect(completion.sources).toEqual([
      {
        n: 1,
        title: "Doc 1",
        url: "https://a.example",
        documentId: "d1",
        versionId: "v1",
        chunkId: "c1",
        headingPath: ["Doc"],
        excerpt: "Passage 1",
      },
    ]);
    expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });
});

describe("the request body", () => {
  it("asks the last user message, text parts joined, whatever the model", () => {
    expect(
      parseChatCompletionRequest({
        model: "gpt-4o",
        messages: [
          { role: "user", content: "first" },
          { role: "assistant", content: null },
          {
            role: "user",
            content: [
              { type: "text", text: "second" },
              { type: "text", text: "part" },
            ],
          },
        ],
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.3,
        tools: [],
      }),
    ).toEqual({ ok: true, question: "second\npart", stream: true, includeUsage: true });
  });

  it("says what is wrong, naming the field", () => {
    expect(parseChatCompletionRequest({ messages: [{ role: "user", content: "x" }] })).toMatchObject({ ok: false, param: "model" });
    expect(parseChatCompletionRequest({ model: "lore", messages: [{ role: "system", content: "x" }] })).toMatchObject({
      ok: false,
      param: "messages",
    });
    expect(parseChatCompletionRequest({ model: "lore", messages: [{ role: "user", content: "   " }] })).toMatchObject({
      ok: false,
      param: "messages",
    });
    expect(parseChatCompletionRequest({ model: "lore", messages: [{ role: "user", content: "x".repeat(4001) }] })).toMatchObject({
      ok: false,
    });
    expect(parseChatCompletionRequest({ model: "lore", n: 2, messages: [{ role: "user", content: "x" }] })).toMatchObject({
      ok: false,
      param: "n",
    });
    expect(parseChatCompletionRequest("nope")).toMatchObject({ ok: false, param: null });
  });
});
