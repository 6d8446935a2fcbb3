// The answer pipeline end to end on a real database: the extractive default, "not found", a model behind the
// local fake OpenAI-compatible server (prompt contents, streaming, citations, stop, failures), and access.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { embedExamples } from "../fewshot";
import { indexDocument } from "../knowledge-base";
import { createOpenAIChatModel } from "../llm";
import { createTestUser, markdownDoc, startFakeOpenAI, type FakeOpenAIServer } from "../testing";
import { answer, type AnswerEvent } from ".";

const database = useTestDatabase();
const embedder = createHashingEmbedder();
let fake: FakeOpenAIServer;
let hrGroupId: string;

beforeAll(async () => {
  const db = database.prisma;
  fake = await startFakeOpenAI();
  hrGroupId = randomUUID();
  await db.group.create({ data: { id: hrGroupId, name: "hr" } });
  const pages = [
    markdownDoc(
      "leave",
      "Annual leave",
      "# Annual leave\n\nEvery employee gets 27 days of annual leave per calendar year. Unused days carry over until March.",
    ),
    markdownDoc(
      "vpn",
      "VPN setup",
      "# VPN setup\n\nInstall the WireGuard client and import the profile from the IT portal. Connect before opening the intranet.",
    ),
    markdownDoc("salaries", "Salary bands", "# Salary bands\n\nSalary bands are reviewed every September by the people team."),
  ];
  for (const doc of pages) {
    await indexDocument(db, { source: "test", doc, ...(doc.externalId === "salaries" ? { groups: ["hr"] } : {}) }, { embedder });
  }
  await db.promptConfig.create({
    data: { id: randomUUID(), name: "test", version: 1, systemPrompt: "You are Lore, a test assistant.", isActive: true, fewShotK: 2 },
  });
  const exampleId = randomUUID();
  await db.fewShotExample.create({
    data: { id: exampleId, question: "How many days of annual leave do I get?", answer: "You get 27 days a year [1].", pinned: true },
  });
  await embedExamples(db, embedder);
});

afterAll(async () => {
  await fake?.close();
});

async function collect(events: AsyncIterable<AnswerEvent>) {
  const all: AnswerEvent[] = [];
  for await (const event of events) all.push(event);
  const text = all.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("");
  return { all, text, done: all.find((e) => e.type === "done"), error: all.find((e) => e.type === "error") };
}

describe("answer() with the extractive default", () => {
  it("answers from the sources with a citation, and stores the question first and the answer as typed parts", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    const { all, text, done } = await collect(
      answer({ db, embedder, model: null }, { question: "How many days of annual leave do employees get?", userId: user.id }),
    );
    expect(all.map((e) => e.type).slice(0, 2)).toEqual(["start", "sources"]);
    expect(all[0]).toMatchObject({ type: "start", mode: "extractive", model: "extractive" });
    expect(text).toMatch(/27 days of annual leave.*\[\d\]/);
    const citation = all.find((e) => e.type === "citation");
    expect(citation).toMatchObject({ citation: { title: "Annual leave", attached: false } });
    if (done?.type !== "done") throw new Error("no done event");
    expect(done.message.status).toBe("complete");
    const stored = await db.message.findMany({ where: { conversationId: done.message.conversationId }, orderBy: { createdAt: "asc" } });
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant"]);
    const parts = stored[1]!.parts as Array<{ type: string }>;
    expect(parts.map((p) => p.type)).toEqual(["text", "sources", "citations", "trace"]);
    expect(done.trace).toMatchObject({ mode: "extractive", promptVersion: 1, retrieval: { enabled: true } });
    // The admin side's columns: the mode, and one citation row per cited source (documents' citing answers).
    expect(stored[1]!.mode).toBe("extractive");
    const rows = await db.answerCitation.findMany({ where: { messageId: stored[1]!.id } });
    const cited = (parts.find((p) => p.type === "citations") as unknown as { citations: Array<{ documentId: string; versionId: string }> })
      .citations;
    expect(rows.map((r) => [r.documentId, r.versionId]).sort()).toEqual(cited.map((c) => [c.documentId, c.versionId]).sort());
    expect(rows.length).toBeGreaterThan(0);
  });

  it("says it is not in the knowledge base, with the nearest documents, in the question's language", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    const english = await collect(
      answer({ db, embedder, model: null }, { question: "What is the recipe for the canteen's lasagne?", userId: user.id }),
    );
    expect(english.all[0]).toMatchObject({ type: "start", mode: "not_found" });
    expect(english.text).toMatch(/knowledge base/i);
    const vietnamese = await collect(
      answer({ db, embedder, model: null }, { question: "Công thức món lasagne của căng tin là gì?", userId: user.id }),
    );
    expect(vietnamese.all[0]).toMatchObject({ mode: "not_found" });
    expect(vietnamese.text).not.toBe(english.text);
    expect(vietnamese.text).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/i);
  });

  it("never cites or shows a document outside the asker's groups", async () => {
    const db = database.prisma;
    const outsider = await createTestUser(db);
    const member = await createTestUser(db);
    await db.groupMembership.create({ data: { userId: member.id, groupId: hrGroupId } });
    const question = "When are salary bands reviewed?";
    const forOutsider = await collect(answer({ db, embedder, model: null }, { question, userId: outsider.id }));
    const shown = forOutsider.all.flatMap((e) => (e.type === "sources" ? e.sources.map((s) => s.title) : []));
    expect(shown).not.toContain("Salary bands");
    expect(forOutsider.text).not.toMatch(/September/);
    const forMember = await collect(answer({ db, embedder, model: null }, { question, userId: member.id }));
    expect(forMember.text).toMatch(/September/);
  });
});

describe("answer() with an OpenAI-compatible model", () => {
  const model = () => createOpenAIChatModel({ baseURL: fake.url, apiKey: "test-key", model: "fake-model", timeoutMs: 2000, maxRetries: 0 });

  it("sends the examples as turns and the numbered sources, streams the text and resolves its citations", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    fake.reply({
      deltas: ["Employees get ", "27 days a year [", "1]. Ask HR [9] for more."],
      usage: { prompt_tokens: 321, completion_tokens: 12 },
    });
    const { all, text, done } = await collect(
      answer({ db, embedder, model: model() }, { question: "How many days of annual leave do employees get?", userId: user.id }),
    );
    const sent = fake.chatRequests.at(-1)!.body.messages!;
    expect(sent[0]).toMatchObject({ role: "system" });
    expect(sent[0]!.content).toContain("You are Lore, a test assistant.");
    // The pinned example as a user turn and an assistant turn, then the sources and the question.
    expect(sent[1]).toEqual({ role: "user", content: "How many days of annual leave do I get?" });
    expect(sent[2]).toEqual({ role: "assistant", content: "You get 27 days a year [1]." });
    expect(String(sent.at(-1)!.content)).toMatch(/\[1\] Annual leave/);
    expect(String(sent.at(-1)!.content)).toContain("How many days of annual leave do employees get?");
    expect(text).toBe("Employees get 27 days a year [1]. Ask HR for more.");
    expect(all.filter((e) => e.type === "citation")).toHaveLength(1);
    if (done?.type !== "done") throw new Error("no done event");
    expect(done.usage).toEqual({ inputTokens: 321, outputTokens: 12 });
    expect(done.trace.examples.used).toHaveLength(1);
    const row = await db.message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(row).toMatchObject({ status: "complete", inputTokens: 321, outputTokens: 12, model: "openai:fake-model@" + fake.url });
  });

  it("a stop ends the answer as stopped, keeps the partial text, and closes the upstream request", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    fake.reply({ deltas: ["Employees ", { text: "get ", delayMs: 50 }, { text: "27 days [1].", delayMs: 3000 }] });
    const controller = new AbortController();
    const events: AnswerEvent[] = [];
    const closed = fake.waitForClientClose(fake.connectionsClosed + 1, 5000);
    for await (const event of answer(
      { db, embedder, model: model() },
      { question: "How many days of annual leave?", userId: user.id, signal: controller.signal },
    )) {
      events.push(event);
      if (event.type === "text" && events.filter((e) => e.type === "text").length === 2) controller.abort();
    }
    await closed;
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error(`ended with ${done?.type}`);
    expect(done.message.status).toBe("stopped");
    expect((done.message.parts[0] as { text: string }).text).toBe("Employees get ");
  });

  it("a provider failure ends with a typed error and stores the answer as failed", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    fake.reply({ status: 401, message: "Incorrect API key provided", code: "invalid_api_key" });
    const { error } = await collect(
      answer({ db, embedder, model: model() }, { question: "How many days of annual leave do employees get?", userId: user.id }),
    );
    if (error?.type !== "error") throw new Error("no error event");
    expect(error.code).toBe("BAD_KEY");
    expect(error.message).not.toContain("test-key");
    expect(error.stored?.status).toBe("error");
  });

  it("a server that drops the connection mid-answer stores the partial answer as failed, with the reason", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    fake.reply({ deltas: ["Employees get ", "27 days", " a year [1]."], closeAfter: 2 });
    const { text, error } = await collect(
      answer({ db, embedder, model: model() }, { question: "How many days of annual leave do employees get?", userId: user.id }),
    );
    expect(text).toBe("Employees get 27 days");
    if (error?.type !== "error") throw new Error("no error event");
    expect(error.code).toBe("PROVIDER_DOWN");
    expect(error.stored).toMatchObject({ status: "error" });
    expect(error.stored!.parts[0]).toEqual({ type: "text", text: "Employees get 27 days" });
    expect(error.stored!.parts).toContainEqual(expect.objectContaining({ type: "error", code: "PROVIDER_DOWN" }));
  });

  it("standard answers: a curated example asked again is answered as written, citing its documents, without the model", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    const requestsBefore = fake.chatRequests.length;
    const { all, text, done } = await collect(
      answer({ db, embedder, model: null }, { question: "How many days of annual leave do I get?", userId: user.id }),
    );
    expect(all[0]).toMatchObject({ type: "start", mode: "standard" });
    // Its marker pointed at no linked document (it has none), so it is dropped.
    expect(text).toBe("You get 27 days a year.");
    if (done?.type !== "done") throw new Error("no done event");
    expect(done.trace.examples.standardAnswer?.similarity).toBeGreaterThanOrEqual(0.9);
    expect(fake.chatRequests.length).toBe(requestsBefore);
  });
});
