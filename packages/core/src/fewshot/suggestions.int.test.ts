/**
 * Suggested questions on a real (embedded) database: only enabled examples, never one linked to a document the
 * caller may not read, pinned first, then the caller's language, at most MAX_SUGGESTIONS.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import { indexDocument } from "../knowledge-base/publish/publish";
import type { Embedder } from "../embed/types";
import { markdownDoc } from "../testing/documents";
import { hashing } from "../testing/embedding-models";
import { MAX_SUGGESTIONS, listSuggestions } from "./suggestions";

const db = useTestDatabase();
let embedder: Embedder;
let hrMember: string;
let outsider: string;
let hrDoc: string;
let publicDoc: string;

async function addExample(question: string, options: { pinned?: boolean; enabled?: boolean; documentIds?: string[] } = {}) {
  const id = randomUUID();
  await db.prisma.fewShotExample.create({
    data: {
      id,
      question,
      answer: `About "${question}".`,
      pinned: options.pinned ?? false,
      enabled: options.enabled ?? true,
      documents: { create: (options.documentIds ?? []).map((documentId) => ({ documentId })) },
    },
  });
  return id;
}

async function addUser(groupIds: string[]) {
  const id = randomUUID();
  await db.prisma.user.create({ data: { id, name: id, email: `${id}@test.lore` } });
  await db.prisma.groupMembership.createMany({ data: groupIds.map((groupId) => ({ userId: id, groupId })) });
  return id;
}

async function addDocument(title: string, groups: string[] = []) {
  const doc = markdownDoc(randomUUID(), title, `${title}: what the policy says.`);
  return (await indexDocument(db.prisma, { source: "suggestions-test", doc, groups }, { embedder })).documentId;
}

beforeAll(async () => {
  embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
  const hr = await db.prisma.group.create({ data: { id: randomUUID(), name: "hr" } });
  hrMember = await addUser([hr.id]);
  outsider = await addUser([]);
  hrDoc = await addDocument("Salary bands", [hr.name]);
  publicDoc = await addDocument("Holiday calendar");
});

afterEach(async () => {
  await db.prisma.fewShotExample.deleteMany({});
});

const questions = (list: { question: string }[]) => list.map((s) => s.question);

describe("listSuggestions", () => {
  it("never shows an example linked to a document the caller may not read, nor a disabled one", async () => {
    await addExample("What are the salary bands?", { documentIds: [hrDoc] });
    await addExample("Salary bands and holidays?", { documentIds: [publicDoc, hrDoc] });
    await addExample("When are the public holidays?", { documentIds: [publicDoc] });
    await addExample("How do I say hello?");
    await addExample("An old question", { enabled: false });

    expect(questions(await listSuggestions(db.prisma, { userId: outsider })).sort()).toEqual([
      "How do I say hello?",
      "When are the public holidays?",
    ]);
    expect(questions(await listSuggestions(db.prisma, { userId: hrMember })).sort()).toEqual([
      "How do I say hello?",
      "Salary bands and holidays?",
      "What are the salary bands?",
      "When are the public holidays?",
    ]);
  });

  it("puts pinned examples first, then the caller's language, and returns at most a few", async () => {
    for (let i = 0; i < 8; i++) await addExample(`Question number ${i}?`);
    await addExample("Tôi được nghỉ phép bao nhiêu ngày?");
    const pinned = await addExample("Pinned question?", { pinned: true });

    const en = await listSuggestions(db.prisma, { userId: outsider, language: "en" });
    expect(en).toHaveLength(MAX_SUGGESTIONS);
    expect(en[0]!.id).toBe(pinned);
    expect(questions(en)).not.toContain("Tôi được nghỉ phép bao nhiêu ngày?");

    const vi = await listSuggestions(db.prisma, { userId: outsider, language: "vi" });
    expect(questions(vi).slice(0, 2)).toEqual(["Pinned question?", "Tôi được nghỉ phép bao nhiêu ngày?"]);
    expect(vi[1]!.language).toBe("vi");

    expect(await listSuggestions(db.prisma, { userId: outsider, limit: 2 })).toHaveLength(2);
  });
});
