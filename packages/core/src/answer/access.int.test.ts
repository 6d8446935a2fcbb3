// Access control through the answer pipeline, as a property test: over random users, groups, documents and
// few-shot examples, nothing from a document outside the asker's groups reaches them — not in the sources, the
// citations, the text, the examples used, nor the prompt sent to the model. (Each consumer — chat.send, the
// OpenAI-compatible route, lore ask, lore eval answers — passes its caller to this same pipeline.)
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { prng } from "../eval/synthetic";
import { embedExamples } from "../fewshot";
import { indexDocument } from "../knowledge-base";
import { createOpenAIChatModel } from "../llm";
import { markdownDoc, startFakeOpenAI, type FakeOpenAIServer } from "../testing";
import { answer, type AnswerEvent } from ".";

const db = useTestDatabase();
const embedder = createHashingEmbedder();
let fake: FakeOpenAIServer;

beforeAll(async () => {
  fake = await startFakeOpenAI({ defaultReply: { deltas: ["From the sources [1][2][3]."] } });
});
afterAll(async () => {
  await fake?.close();
});

describe("access control through answer() (property test)", () => {
  it("never lets a document, or an example linked to one, reach someone outside its groups", async () => {
    const rand = prng(20261205);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const run = randomUUID().slice(0, 8).replace(/-/g, "");
    const groups = await Promise.all(
      Array.from({ length: 4 }, (_, i) => db.prisma.group.create({ data: { id: randomUUID(), name: `ans-${run}-g${i}` } })),
    );
    const users = Array.from({ length: 6 }, (_, i) => ({ id: `ans-${run}-u${i}`, groups: new Set<string>() }));
    await db.prisma.user.createMany({ data: users.map((u) => ({ id: u.id, name: u.id, email: `${u.id}@t.lore` })) });
    for (const u of users) for (const g of groups) if (rand() < 0.35) u.groups.add(g.id);
    await db.prisma.groupMembership.createMany({ data: users.flatMap((u) => [...u.groups].map((groupId) => ({ userId: u.id, groupId }))) });

    const topics = ["holiday", "expenses", "laptop", "payroll"];
    const docs: { id: string; token: string; groups: string[] }[] = [];
    for (let i = 0; i < 16; i++) {
      const docGroups = rand() < 0.6 ? [...new Set([pick(groups), pick(groups)])] : [];
      const token = `tok${run}d${i}x`;
      const topic = pick(topics);
      const r = await indexDocument(
        db.prisma,
        {
          source: `ans-${run}`,
          doc: markdownDoc(`d${i}`, `Notes ${i} about ${topic}`, `The ${topic} rules, reference ${token}. Ask about ${topic} rules first.`),
          groups: docGroups.map((g) => g.name),
        },
        { embedder },
      );
      docs.push({ id: r.documentId, token, groups: docGroups.map((g) => g.id) });
    }
    // Examples linked to random documents: their answers carry the linked document's token.
    const examples: { id: string; token: string; docIds: string[] }[] = [];
    for (let i = 0; i < 8; i++) {
      const linked = pick(docs);
      const id = randomUUID();
      await db.prisma.fewShotExample.create({
        data: {
          id,
          question: `What are the ${pick(topics)} rules?`,
          answer: `See reference ex${linked.token}.`,
          pinned: rand() < 0.3,
          documents: { create: [{ documentId: linked.id }] },
        },
      });
      examples.push({ id, token: `ex${linked.token}`, docIds: [linked.id] });
    }
    await embedExamples(db.prisma, embedder);

    const readable = (userId: string | null, docId: string) => {
      const d = docs.find((x) => x.id === docId)!;
      return d.groups.length === 0 || (userId !== null && d.groups.some((g) => users.find((u) => u.id === userId)?.groups.has(g)));
    };
    const model = createOpenAIChatModel({ baseURL: fake.url, apiKey: "k", model: "fake", timeoutMs: 2000, maxRetries: 0 });

    let checked = 0;
    let readableSeen = 0;
    let examplesSeen = 0;
    for (let trial = 0; trial < 24; trial++) {
      const userId = rand() < 0.2 ? null : pick(users).id;
      const target = pick(docs);
      const question = `${pick(topics)} rules ${target.token}`;
      const before = fake.chatRequests.length;
      const events: AnswerEvent[] = [];
      for await (const e of answer({ db: db.prisma, embedder, model: trial % 2 ? model : null }, { question, userId, persist: false }))
        events.push(e);
      const forbidden = docs.filter((d) => !readable(userId, d.id));
      const shown = events.flatMap((e) => (e.type === "sources" ? e.sources.map((s) => s.documentId) : []));
      const cited = events.flatMap((e) => (e.type === "citation" ? [e.citation.documentId] : []));
      const text = events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("");
      const done = events.find((e) => e.type === "done");
      const usedExamples = done?.type === "done" ? done.trace.examples.used.map((u) => u.id) : [];
      // (The question itself names the target's token: what the asker typed is not a leak.)
      const prompt = JSON.stringify(fake.chatRequests.slice(before).map((r) => r.body.messages)).replaceAll(question, "");
      for (const docId of [...shown, ...cited]) expect(readable(userId, docId), `${userId} was shown ${docId}`).toBe(true);
      for (const d of forbidden) {
        expect(text).not.toContain(d.token);
        expect(prompt).not.toContain(d.token);
      }
      for (const id of usedExamples) {
        const example = examples.find((x) => x.id === id)!;
        expect(
          example.docIds.every((docId) => readable(userId, docId)),
          `${userId} got example ${id}`,
        ).toBe(true);
      }
      readableSeen += shown.length;
      examplesSeen += usedExamples.length;
      checked++;
    }
    // Non-vacuity: answers did show readable documents and, with the model, used examples.
    expect(checked).toBe(24);
    expect(readableSeen).toBeGreaterThan(10);
    expect(examplesSeen).toBeGreaterThan(0);
  });
});
