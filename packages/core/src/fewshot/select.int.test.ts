/**
 * Selection and standard answers on a real (embedded) database: pinning, k, the token budget, near-duplicates,
 * enabled/pending, and the access rule (explicit cases, then a seeded property test over random users, groups,
 * documents and links, with a non-vacuity check). Examples are disabled after each test, so one test's examples
 * never show up in another's selection.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { cosineSimilarity } from "../embed/vector";
import { prng } from "../eval/synthetic";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import { indexDocument } from "../knowledge-base/publish/publish";
import type { Embedder } from "../embed/types";
import { markdownDoc } from "../testing/documents";
import { hashing } from "../testing/embedding-models";
import { embedExamples } from "./embedding";
import { NEAR_DUPLICATE_SIMILARITY } from "./pick";
import { selectExamples, type SelectExamplesParams } from "./select";
import { findStandardAnswer } from "./standard-answer";

const db = useTestDatabase();
let embedder: Embedder;

interface ExampleSpec {
  question: string;
  answer?: string;
  pinned?: boolean;
  enabled?: boolean;
  documentIds?: string[];
}

/** Creates examples (enabled unless said otherwise) and embeds them with the active model; returns their ids. */
async function addExamples(specs: ExampleSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) {
    const id = randomUUID();
    await db.prisma.fewShotExample.create({
      data: {
        id,
        question: spec.question,
        answer: spec.answer ?? `The answer to "${spec.question}".`,
        pinned: spec.pinned ?? false,
        enabled: spec.enabled ?? true,
        documents: { create: (spec.documentIds ?? []).map((documentId) => ({ documentId })) },
      },
    });
    ids.push(id);
  }
  await embedExamples(db.prisma, embedder, { ids });
  return ids;
}

async function select(question: string, userId: string | null, options: Partial<SelectExamplesParams> = {}) {
  const queryVector = await embedder.embedQuery(question);
  return selectExamples(db.prisma, { userId, question, queryVector, embedderId: embedder.id, k: 5, maxTokens: 10_000, ...options });
}

async function standard(question: string, userId: string | null, threshold = 0.9) {
  return findStandardAnswer(db.prisma, { userId, queryVector: await embedder.embedQuery(question), embedderId: embedder.id, threshold });
}

async function addUser(groupIds: string[]): Promise<string> {
  const id = randomUUID();
  await db.prisma.user.create({ data: { id, name: id, email: `${id}@test.lore` } });
  await db.prisma.groupMembership.createMany({ data: groupIds.map((groupId) => ({ userId: id, groupId })) });
  return id;
}

async function addDocument(title: string, groupNames: string[] = []): Promise<string> {
  const result = await indexDocument(
    db.prisma,
    { source: "fewshot-test", doc: markdownDoc(randomUUID(), title, `${title}: what the policy says.`), groups: groupNames },
    { embedder },
  );
  return result.documentId;
}

let hr: { id: string; name: string };
let hrMember: string;
let outsider: string;
let hrDoc: string;
let publicDoc: string;

beforeAll(async () => {
  embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
  hr = await db.prisma.group.create({ data: { id: randomUUID(), name: "hr" } });
  hrMember = await addUser([hr.id]);
  outsider = await addUser([]);
  hrDoc = await addDocument("Salary bands", [hr.name]);
  publicDoc = await addDocument("Holiday calendar");
});

afterEach(async () => {
  await db.prisma.fewShotExample.updateMany({ data: { enabled: false } });
});

describe("selectExamples", () => {
  it("puts pinned examples first, then the most similar, and stops at k", async () => {
    const [pinned, , , far] = await addExamples([
      { question: "What tone should answers use?", pinned: true },
      { question: "Where do I park my car at the office?" },
      { question: "Can I park my bicycle in the office garage?" },
      { question: "How do I order a new monitor?" },
    ]);
    const picked = await select("Where can I park at the office?", null, { k: 3 });
    expect(picked.map((p) => p.id)[0]).toBe(pinned);
    expect(picked).toHaveLength(3);
    expect(picked.map((p) => p.id)).not.toContain(far);
    expect(picked[1]!.question).toBe("Where do I park my car at the office?");
    expect(picked[1]!.similarity).toBeGreaterThan(picked[2]!.similarity);

    expect((await select("Where can I park at the office?", null, { k: 1 })).map((p) => p.id)).toEqual([pinned]);
    expect(await select("Where can I park at the office?", null, { k: 0 })).toEqual([]);
  });

  it("keeps within the token budget (question + answer)", async () => {
    await addExamples([
      { question: "How do I book a meeting room?", answer: "Use the room calendar. ".repeat(40) },
      { question: "How do I book a desk?", answer: "Use the desk app." },
      { question: "How do I book a parking space?", answer: "Ask reception." },
    ]);
    const all = await select("How do I book a room?", null);
    expect(all).toHaveLength(3);
    const budget = all.filter((p) => !p.answer.startsWith("Use the room")).reduce((sum, p) => sum + p.tokens, 0);
    const picked = await select("How do I book a room?", null, { maxTokens: budget });
    expect(picked.reduce((sum, p) => sum + p.tokens, 0)).toBeLessThanOrEqual(budget);
    expect(picked.map((p) => p.answer)).toEqual(expect.not.arrayContaining([expect.stringContaining("room calendar")]));
    expect(picked).toHaveLength(2);
  });

  it("returns one of two near-identical examples", async () => {
    const questions = ["How do I request a new laptop?", "How do I request a new laptop ?"];
    const [a, b] = await Promise.all(questions.map((q) => embedder.embedQuery(q)));
    expect(cosineSimilarity(a!, b!)).toBeGreaterThanOrEqual(NEAR_DUPLICATE_SIMILARITY); // the case is real
    await addExamples([...questions.map((question) => ({ question })), { question: "Who pays for my phone bill?" }]);
    const picked = await select("request a laptop", null, { mmrLambda: 1 });
    expect(picked.filter((p) => questions.includes(p.question))).toHaveLength(1);
    expect(picked.map((p) => p.question)).toContain("Who pays for my phone bill?");
  });

  it("leaves out disabled examples, pending ones, and unpinned ones below minSimilarity", async () => {
    const [disabled] = await addExamples([{ question: "When is the payroll date?", enabled: false }]);
    const pendingId = randomUUID();
    await db.prisma.fewShotExample.create({ data: { id: pendingId, question: "When is the payroll date this month?", answer: "x" } });
    const [weak] = await addExamples([{ question: "Which coffee machine is the best?" }]);
    const ids = (await select("When is the payroll date?", null)).map((p) => p.id);
    expect(ids).not.toContain(disabled);
    expect(ids).not.toContain(pendingId);
    expect(ids).toContain(weak);
    expect((await select("When is the payroll date?", null, { minSimilarity: 0.5 })).map((p) => p.id)).not.toContain(weak);
  });

  it("gives an example linked to a restricted document only to its readers, pinned or not", async () => {
    const [restricted, pinnedRestricted, mixed, open] = await addExamples([
      { question: "What is the salary band for engineers?", documentIds: [hrDoc] },
      { question: "Salary questions: always cite the bands.", pinned: true, documentIds: [hrDoc] },
      { question: "What is the salary band during holidays?", documentIds: [publicDoc, hrDoc] },
      { question: "When are the salary holidays?", documentIds: [publicDoc] },
    ]);
    const forMember = await select("salary band", hrMember, { k: 10 });
    expect(forMember.map((p) => p.id).sort()).toEqual([restricted, pinnedRestricted, mixed, open].sort());
    expect(forMember.find((p) => p.id === mixed)!.documentIds.sort()).toEqual([publicDoc, hrDoc].sort());
    for (const userId of [outsider, null, "no-such-user"]) {
      expect((await select("salary band", userId, { k: 10 })).map((p) => p.id)).toEqual([open]);
    }
  });
});

describe("findStandardAnswer", () => {
  it("answers with the most similar example above the threshold, with its documents for citations", async () => {
    const [id] = await addExamples([
      { question: "How many vacation days do I get per year?", answer: "25 days.", documentIds: [publicDoc] },
      { question: "How many sick days do I get per year?" },
    ]);
    const found = await standard("How many vacation days do I get per year?", outsider);
    expect(found?.example).toMatchObject({ id, answer: "25 days.", documentIds: [publicDoc] });
    expect(found!.similarity).toBeCloseTo(1, 5);
    const version = await db.prisma.document.findUniqueOrThrow({ where: { id: publicDoc }, select: { currentVersionId: true } });
    expect(found!.documents).toEqual([
      { documentId: publicDoc, versionId: version.currentVersionId, title: "Holiday calendar", url: null, chunkId: expect.any(String) },
    ]);

    // Below the threshold: nothing, and the caller generates.
    expect(await standard("Can I carry vacation days over?", outsider, 0.95)).toBeNull();
    await expect(findStandardAnswer(db.prisma, { userId: null, queryVector: [1], embedderId: embedder.id, threshold: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it("never answers with an example the asker may not be given", async () => {
    const [restricted] = await addExamples([{ question: "What is my manager's salary band?", answer: "Band 7.", documentIds: [hrDoc] }]);
    expect((await standard("What is my manager's salary band?", hrMember))?.example.id).toBe(restricted);
    expect(await standard("What is my manager's salary band?", outsider)).toBeNull();
    expect(await standard("What is my manager's salary band?", null)).toBeNull();
    await db.prisma.fewShotExample.update({ where: { id: restricted! }, data: { enabled: false } });
    expect(await standard("What is my manager's salary band?", hrMember)).toBeNull();
  });
});

describe("access (property test over random users, groups, documents and links)", () => {
  it("never selects, nor answers with, an example linked to a document the caller may not read", async () => {
    const seed = 20261201;
    const rand = prng(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const run = randomUUID().slice(0, 8);

    const groups = await Promise.all(
      Array.from({ length: 5 }, (_, i) => db.prisma.group.create({ data: { id: randomUUID(), name: `fs-${run}-g${i}` } })),
    );
    const users: { id: string; groups: Set<string> }[] = [];
    for (let i = 0; i < 8; i++) {
      const member = new Set(groups.filter(() => rand() < 0.35).map((g) => g.id));
      users.push({ id: await addUser([...member]), groups: member });
    }
    const docs: { id: string; groups: string[] }[] = [];
    for (let i = 0; i < 12; i++) {
      const docGroups = rand() < 0.6 ? [...new Set([pick(groups), pick(groups)])] : [];
      docs.push({
        id: await addDocument(
          `Policy ${run} ${i}`,
          docGroups.map((g) => g.name),
        ),
        groups: docGroups.map((g) => g.id),
      });
    }
    const topics = ["travel", "expenses", "laptop", "security", "payroll", "parking"];
    const specs: ExampleSpec[] = Array.from({ length: 30 }, (_, i) => ({
      question: `How does the ${pick(topics)} rule number ${i} apply to me?`,
      pinned: rand() < 0.1,
      documentIds: [...new Set(Array.from({ length: Math.floor(rand() * 3) }, () => pick(docs).id))],
    }));
    const ids = await addExamples(specs);
    const links = new Map(ids.map((id, i) => [id, specs[i]!.documentIds!]));
    const readable = (userId: string | null, documentId: string) => {
      const doc = docs.find((d) => d.id === documentId)!;
      const user = users.find((u) => u.id === userId);
      return doc.groups.length === 0 || (user !== undefined && doc.groups.some((g) => user.groups.has(g)));
    };
    const usable = (userId: string | null, exampleId: string) => links.get(exampleId)!.every((d) => readable(userId, d));

    const callers: (string | null)[] = [null, "nobody", ...users.map((u) => u.id)];
    let checked = 0;
    let restrictedSeen = 0;
    let standardAnswers = 0;
    for (let trial = 0; trial < 40; trial++) {
      const userId = pick(callers);
      const target = Math.floor(rand() * specs.length);
      const question = rand() < 0.5 ? specs[target]!.question : `${pick(topics)} rule`;
      for (const example of await select(question, userId, { k: 8 })) {
        expect(usable(userId, example.id), `seed ${seed} trial ${trial}: ${example.id} given to ${userId}`).toBe(true);
        expect(example.documentIds.sort()).toEqual([...links.get(example.id)!].sort());
        if (example.documentIds.some((d) => docs.find((x) => x.id === d)!.groups.length > 0)) restrictedSeen++;
        checked++;
      }
      const found = await standard(specs[target]!.question, userId, 0.99);
      if (found) {
        expect(usable(userId, found.example.id), `seed ${seed} trial ${trial}: standard answer ${found.example.id} to ${userId}`).toBe(
          true,
        );
        standardAnswers++;
      }
      // The exact question of a usable example always finds it (or an example as similar).
      if (usable(userId, ids[target]!)) expect(found, `seed ${seed} trial ${trial}: no standard answer`).not.toBeNull();
    }
    expect(checked).toBeGreaterThan(100); // the property was exercised, not vacuously true
    expect(restrictedSeen).toBeGreaterThan(5); // including examples behind restricted documents, to their readers
    expect(standardAnswers).toBeGreaterThan(5);
  });
});
