// chat.send streamed over real HTTP through tRPC's streaming link, and the conversation procedures around it.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { errorCode, useHarness } from "../../test/harness";
import { useHttpServer } from "../../test/http-server";

const h = useHarness();

beforeAll(async () => {
  const { indexDocument } = await import("@lore/core/knowledge-base");
  const { getActiveEmbedder } = await import("@lore/core/knowledge-base");
  const embedder = await getActiveEmbedder(h.db);
  await indexDocument(
    h.db,
    {
      source: "test",
      doc: {
        externalId: "leave",
        title: "Annual leave",
        mimeType: "text/markdown",
        text: "# Annual leave\n\nEvery employee gets 27 days of annual leave per calendar year.",
      },
    },
    { embedder },
  );
});

const { clientFor } = useHttpServer(h);

describe("chat.send over HTTP", () => {
  it("streams the answer's events, then the conversation holds both messages; feedback is kept and changeable", async () => {
    const user = await h.createUser();
    const client = clientFor(user.cookie);
    const events = [];
    for await (const event of await client.chat.send.mutate({ question: "How many days of annual leave do employees get?" }))
      events.push(event);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["start", "sources", "text", "citation", "done"]));
    expect(events[0]).toMatchObject({ type: "start", mode: "extractive" });
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error("no done event");
    expect(done.message.createdAt).toBeInstanceOf(Date);

    const conversationId = done.message.conversationId;
    const list = await client.conversations.list.query({});
    expect(list.items.map((c) => c.id)).toEqual([conversationId]);
    expect(list.items[0]!.title).toBe("How many days of annual leave do employees get?");
    const opened = await client.conversations.get.query({ id: conversationId });
    expect(opened.messages.map((m) => m.role)).toEqual(["user", "assistant"]);

    await client.feedback.submit.mutate({ messageId: done.message.id, rating: -1, comment: "Too short" });
    await client.feedback.submit.mutate({ messageId: done.message.id, rating: 1 });
    const again = await client.conversations.get.query({ id: conversationId });
    expect(again.messages[1]!.feedback).toEqual({ rating: 1, comment: null });

    // A follow-up continues the same conversation.
    for await (const event of await client.chat.send.mutate({ question: "And how many carry over?", conversationId })) void event;
    expect((await client.conversations.get.query({ id: conversationId })).messages).toHaveLength(4);

    // Search finds a conversation by the words of its messages, not only its title.
    expect((await client.conversations.list.query({ query: "CARRY OVER" })).items.map((c) => c.id)).toEqual([conversationId]);
    expect((await client.conversations.list.query({ query: "type" })).items).toEqual([]);
    await client.conversations.rename.mutate({ id: conversationId, title: "Leave" });
    expect((await client.conversations.list.query({ query: "leave" })).items[0]?.title).toBe("Leave");
  });

  it("never opens, continues, rates or deletes someone else's conversation", async () => {
    const owner = await h.createUser();
    const other = await h.createUser();
    let conversationId = "";
    let messageId = "";
    for await (const event of await clientFor(owner.cookie).chat.send.mutate({ question: "How much annual leave is there?" })) {
      if (event.type === "done") {
        conversationId = event.message.conversationId;
        messageId = event.message.id;
      }
    }
    const caller = await h.callerFor(other.cookie);
    expect(await errorCode(caller.conversations.get({ id: conversationId }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.conversations.rename({ id: conversationId, title: "Mine now" }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.conversations.delete({ id: conversationId }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.feedback.submit({ messageId, rating: 1 }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.chat.send({ question: "Hi", conversationId }))).toBe("NOT_FOUND");
    await expect(clientFor(other.cookie).chat.send.mutate({ question: "Hi", conversationId })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    expect(await h.db.message.count({ where: { conversationId } })).toBe(2);

    // Deleted, it is archived; the other user still sees nothing, and cannot restore it either.
    const ownerCaller = await h.callerFor(owner.cookie);
    await ownerCaller.conversations.delete({ id: conversationId });
    expect(await h.db.conversation.count({ where: { id: conversationId, archivedAt: { not: null } } })).toBe(1);
    expect(await errorCode(caller.conversations.restore({ id: conversationId }))).toBe("NOT_FOUND");
    expect(await errorCode(ownerCaller.conversations.get({ id: conversationId }))).toBe("NOT_FOUND");
  });

  it("a deleted conversation answers exactly like a missing one until restored, and restore brings it back", async () => {
    const user = await h.createUser();
    let conversationId = "";
    for await (const event of await clientFor(user.cookie).chat.send.mutate({ question: "How much annual leave do I get?" }))
      if (event.type === "done") conversationId = event.message.conversationId;
    const caller = await h.callerFor(user.cookie);
    await caller.conversations.delete({ id: conversationId });

    const missing = "00000000-0000-4000-8000-000000000000";
    for (const id of [conversationId, missing]) {
      expect(await errorCode(caller.conversations.get({ id }))).toBe("NOT_FOUND");
      expect(await errorCode(caller.conversations.rename({ id, title: "x" }))).toBe("NOT_FOUND");
      expect(await errorCode(caller.conversations.delete({ id }))).toBe("NOT_FOUND");
      await expect(clientFor(user.cookie).chat.send.mutate({ question: "More?", conversationId: id })).rejects.toMatchObject({
        data: { code: "NOT_FOUND" },
      });
    }
    // The same words for both, so the error reveals nothing.
    const messages = await Promise.all(
      [conversationId, missing].map((id) => caller.conversations.get({ id }).catch((error: Error) => error.message)),
    );
    expect(messages[0]).toBe(messages[1]);
    expect((await caller.conversations.list({})).items).toEqual([]);
    expect((await caller.conversations.list({ query: "annual leave" })).items).toEqual([]);

    expect(await caller.conversations.restore({ id: conversationId })).toMatchObject({ id: conversationId });
    expect((await caller.conversations.list({})).items.map((c) => c.id)).toEqual([conversationId]);
    expect((await caller.conversations.get({ id: conversationId })).messages).toHaveLength(2);
    expect(await errorCode(caller.conversations.restore({ id: missing }))).toBe("NOT_FOUND");
  });

  it("rename and list refuse bad input with readable errors", async () => {
    const caller = await h.callerFor((await h.createUser()).cookie);
    expect(await errorCode(caller.conversations.rename({ id: "x", title: "   " }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.conversations.rename({ id: "x", title: "a".repeat(121) }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.conversations.list({ limit: 0 }))).toBe("BAD_REQUEST");
  });

  it("needs a signed-in user", async () => {
    const caller = await h.callerFor();
    expect(await errorCode(caller.conversations.list({}))).toBe("UNAUTHORIZED");
  });

  it("a user's stop travels from the browser's request to the model's: the fake server sees it close, the answer is stored as stopped", async () => {
    const { startFakeOpenAI } = await import("@lore/core/testing");
    const fake = await startFakeOpenAI({ defaultReply: { deltas: ["Employees get ", { text: "27 days", delayMs: 5000 }] } });
    vi.stubEnv("LLM_PROVIDER", "openai");
    vi.stubEnv("LLM_BASE_URL", fake.url);
    vi.stubEnv("LLM_MODEL", "fake-model");
    vi.stubEnv("LLM_API_KEY", "test-key");
    try {
      const user = await h.createUser();
      const controller = new AbortController();
      const closed = fake.waitForClientClose(1, 5000);
      let conversationId = "";
      const stream = await clientFor(user.cookie).chat.send.mutate(
        { question: "How many days of annual leave do employees get?" },
        { signal: controller.signal },
      );
      await expect(
        (async () => {
          for await (const event of stream) {
            if (event.type === "start") conversationId = event.conversationId;
            if (event.type === "text") controller.abort();
          }
        })(),
      ).rejects.toThrow();
      await closed;
      await expect
        .poll(async () => (await h.db.message.findFirst({ where: { conversationId, role: "assistant" } }))?.status, { timeout: 5000 })
        .toBe("stopped");
      const stopped = await h.db.message.findFirstOrThrow({ where: { conversationId, role: "assistant" } });
      expect((stopped.parts as Array<{ type: string; text?: string }>)[0]).toEqual({ type: "text", text: "Employees get" });
    } finally {
      vi.unstubAllEnvs();
      await fake.close();
    }
  });
});
