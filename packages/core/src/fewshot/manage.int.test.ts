/**
 * Curating examples on a real (embedded) database: create/edit/toggle/review/delete with their audit entries and
 * immediate embedding, the stale flag after a document's new version, the JSONL round trip with bad lines, and
 * Try it's candidates, scores and selection.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import type { Embedder } from "../embed/types";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import { indexPendingDocuments } from "../knowledge-base/publish/pending";
import { indexDocument } from "../knowledge-base/publish/publish";
import { markdownDoc } from "../testing/documents";
import { hashing } from "../testing/embedding-models";
import { exportExamplesJsonl, importExamples, parseExamplesJsonl } from "./jsonl";
import {
  createExample,
  deleteExample,
  getExample,
  listExamples,
  markExampleReviewed,
  setExampleFlags,
  updateExample,
  type ExampleFields,
} from "./manage";
import { tryExamples } from "./try";

const db = useTestDatabase();
let embedder: Embedder;
let admin: { id: string; email: string };
const source = () => Promise.resolve(embedder);

const fields = (question: string, extra: Partial<ExampleFields> = {}): ExampleFields => ({
  question,
  answer: `The answer to "${question}".`,
  tags: [],
  documentIds: [],
  pinned: false,
  enabled: true,
  ...extra,
});

async function publish(externalId: string, title: string, text: string) {
  return indexDocument(db.prisma, { source: "examples-test", doc: markdownDoc(externalId, title, text) }, { embedder });
}

const actions = async (targetId: string) =>
  (await db.prisma.auditLog.findMany({ where: { targetId }, orderBy: { id: "asc" } })).map((e) => e.action);

beforeAll(async () => {
  embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
  admin = { id: randomUUID(), email: "curator@test.lore" };
  await db.prisma.user.create({ data: { id: admin.id, name: "Curator", email: admin.email, role: "admin" } });
});

describe("curating examples", () => {
  it("creates, edits, toggles, reviews and deletes, audited, embedding a new question at once", async () => {
    const doc = await publish("parking", "Parking", "Staff park in the north garage.");
    const created = await createExample(
      db.prisma,
      source,
      fields("Where do I park?", { tags: ["facilities", "facilities"], documentIds: [doc.documentId] }),
      admin,
    );
    expect(created.embedded).toBe(true);
    const first = await getExample(db.prisma, created.id);
    expect(first).toMatchObject({ question: "Where do I park?", tags: ["facilities"], pending: false, stale: [] });
    expect(first.documents.map((d) => d.id)).toEqual([doc.documentId]);

    // A pin toggle leaves reviewed_at alone; an answer edit moves it; a question edit re-embeds.
    await setExampleFlags(db.prisma, created.id, { pinned: true }, admin);
    expect((await getExample(db.prisma, created.id)).reviewedAt).toEqual(first.reviewedAt);
    const edited = await updateExample(
      db.prisma,
      source,
      created.id,
      fields("Where can staff park their cars?", { pinned: true, documentIds: [doc.documentId] }),
      admin,
    );
    expect(edited.changed).toEqual(["question", "answer", "tags"]);
    const after = await getExample(db.prisma, created.id);
    expect(after.reviewedAt.getTime()).toBeGreaterThan(first.reviewedAt.getTime());
    expect(after.pending).toBe(false);
    const [row] = await db.prisma.$queryRaw<{ question: string }[]>`
      SELECT question FROM few_shot_examples WHERE id = ${created.id} AND embedding IS NOT NULL AND embedding_model = ${embedder.id}`;
    expect(row?.question).toBe("Where can staff park their cars?");

    await markExampleReviewed(db.prisma, created.id, admin);
    await deleteExample(db.prisma, created.id, admin);
    await expect(getExample(db.prisma, created.id)).rejects.toMatchObject({ code: "EXAMPLE_NOT_FOUND" });
    expect(await actions(created.id)).toEqual([
      "example.created",
      "example.flags_changed",
      "example.updated",
      "example.reviewed",
      "example.deleted",
    ]);
  });

  it("refuses links to documents that do not exist, saving nothing", async () => {
    const before = await db.prisma.fewShotExample.count();
    await expect(createExample(db.prisma, source, fields("Orphan?", { documentIds: ["missing-doc"] }), admin)).rejects.toMatchObject({
      code: "UNKNOWN_DOCUMENT",
    });
    expect(await db.prisma.fewShotExample.count()).toBe(before);
  });

  it("lists with filters and keyset pages", async () => {
    const tag = `t-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++) {
      await createExample(
        db.prisma,
        source,
        fields(`Filter question ${i} about lunch`, { tags: [tag], pinned: i === 0, enabled: i !== 4 }),
        admin,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listExamples(db.prisma, { tag, limit: 2, cursor });
      seen.push(...page.items.map((e) => e.question));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await listExamples(db.prisma, { tag, pinned: true })).items).toHaveLength(1);
    expect((await listExamples(db.prisma, { tag, enabled: false })).items).toHaveLength(1);
    expect((await listExamples(db.prisma, { tag, query: "QUESTION 3" })).items.map((e) => e.question)).toEqual([
      "Filter question 3 about lunch",
    ]);
  });
});

describe("the stale flag", () => {
  it("flags an example whose linked document got a new version after its review, with the versions to compare", async () => {
    const v1 = await publish("leave", "Annual leave", "Employees get 25 days of annual leave.");
    const { id } = await createExample(db.prisma, source, fields("How many leave days do I get?", { documentIds: [v1.documentId] }), admin);
    expect((await getExample(db.prisma, id)).stale).toEqual([]);

    const v2 = await publish("leave", "Annual leave", "Employees get 28 days of annual leave.");
    const stale = (await getExample(db.prisma, id)).stale;
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ documentId: v1.documentId, fromVersionId: v1.versionId, toVersionId: v2.versionId });
    expect(stale[0]!.href).toBe(`/documents/${v1.documentId}?to=${v2.versionId}&from=${v1.versionId}`);
    expect((await listExamples(db.prisma, { stale: true })).items.map((e) => e.id)).toContain(id);

    // A pin toggle does not clear it; "mark reviewed" does.
    await setExampleFlags(db.prisma, id, { pinned: true }, admin);
    expect((await getExample(db.prisma, id)).stale).toHaveLength(1);
    await markExampleReviewed(db.prisma, id, admin);
    expect((await getExample(db.prisma, id)).stale).toEqual([]);
    expect((await listExamples(db.prisma, { stale: true })).items.map((e) => e.id)).not.toContain(id);
  });
  it("does not flag a document first published after the review (linked while pending, as the demo's are)", async () => {
    const v1 = await publish("onboarding", "Onboarding", "New starters get a laptop on day one.");
    const { id } = await createExample(db.prisma, source, fields("When do I get my laptop?", { documentIds: [v1.documentId] }), admin);
    // Reviewed before the document had any version: its first version is not a change.
    await db.prisma.fewShotExample.update({ where: { id }, data: { reviewedAt: new Date(Date.now() - 86_400_000) } });
    expect((await getExample(db.prisma, id)).stale).toEqual([]);
    expect((await listExamples(db.prisma, { stale: true })).items.map((e) => e.id)).not.toContain(id);
  });

  it("does not flag the indexing of a pending page (the seed's raw version 1), only a later change of its text", async () => {
    // As the seed writes a demo page: its raw Markdown as version 1, never indexed, then indexed by the worker.
    const documentId = randomUUID();
    const rawVersionId = randomUUID();
    const raw = "# Canteen\n\nLunch is served from 12:00 to 14:00.";
    await db.prisma.document.create({
      data: {
        id: documentId,
        source: "seed",
        externalId: "canteen",
        title: "Canteen",
        mimeType: "text/markdown",
        contentHash: "raw",
        status: "pending",
        versions: { create: { id: rawVersionId, version: 1, contentHash: "raw", title: "Canteen", content: raw, byteSize: raw.length } },
      },
    });
    await db.prisma.document.update({ where: { id: documentId }, data: { currentVersionId: rawVersionId } });
    const { id } = await createExample(db.prisma, source, fields("When is lunch?", { documentIds: [documentId] }), admin);

    expect((await indexPendingDocuments(db.prisma, { embedder })).indexed).toBe(1);
    const indexed = await db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(indexed.currentVersionId).not.toBe(rawVersionId);
    expect((await getExample(db.prisma, id)).stale).toEqual([]);

    const changed = await indexDocument(
      db.prisma,
      { source: "seed", doc: markdownDoc("canteen", "Canteen", "Lunch is served from 12:30 to 14:30.") },
      { embedder },
    );
    expect((await getExample(db.prisma, id)).stale).toMatchObject([
      { fromVersionId: indexed.currentVersionId, toVersionId: changed.versionId },
    ]);
  });
});

describe("JSONL", () => {
  it("reports bad lines in words, imports the good ones, skips known questions, and round-trips", async () => {
    const doc = await publish("expenses", "Expenses", "Claim expenses within 30 days.");
    const text = [
      JSON.stringify({
        question: "How do I claim expenses?",
        answer: "Within 30 days.",
        tags: ["finance"],
        document_external_ids: ["expenses"],
      }),
      "{not json",
      JSON.stringify({ question: "No answer here" }),
      "",
      JSON.stringify({ question: "Linked to nothing real?", answer: "x", document_external_ids: ["nope"] }),
      JSON.stringify({ question: "Pinned one?", answer: "Yes.", pinned: true, enabled: false }),
    ].join("\n");
    expect(parseExamplesJsonl(text, 10).errors).toEqual([
      { line: 11, message: "not valid JSON" },
      { line: 12, message: "answer is missing" },
    ]);

    const result = await importExamples(db.prisma, source, { text }, admin);
    expect(result.imported).toBe(2);
    expect(result.embedded).toBe(true);
    expect(result.errors).toEqual([
      { line: 2, message: "not valid JSON" },
      { line: 3, message: "answer is missing" },
      { line: 5, message: 'no document has the external id "nope"' },
    ]);
    expect(await db.prisma.fewShotExample.count({ where: { question: "Linked to nothing real?" } })).toBe(0);

    const again = await importExamples(db.prisma, source, { text }, admin);
    expect(again.imported).toBe(0);
    expect(again.skipped.map((s) => s.line)).toEqual([1, 6]);

    // Export, then import into an emptied table: the same examples come back, links included.
    let exported = "";
    let cursor: string | undefined;
    do {
      const page = await exportExamplesJsonl(db.prisma, { cursor, limit: 3 });
      exported += page.text;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const before = await db.prisma.fewShotExample.findMany({
      select: { question: true, answer: true, pinned: true, enabled: true, tags: true },
      orderBy: { question: "asc" },
    });
    await db.prisma.fewShotExample.deleteMany({});
    const back = await importExamples(db.prisma, source, { text: exported }, admin);
    expect(back.errors).toEqual([]);
    const after = await db.prisma.fewShotExample.findMany({
      select: { question: true, answer: true, pinned: true, enabled: true, tags: true },
      orderBy: { question: "asc" },
    });
    expect(after).toEqual(before);
    const claim = await db.prisma.fewShotExample.findFirstOrThrow({
      where: { question: "How do I claim expenses?" },
      select: { documents: true },
    });
    expect(claim.documents.map((d) => d.documentId)).toEqual([doc.documentId]);
    expect((await db.prisma.auditLog.findMany({ where: { action: "example.imported" } })).length).toBe(2);
  });
});

describe("Try it", () => {
  it("lists candidates with similarity and tokens, selects as the user would get, assembles the prompt, audits", async () => {
    await db.prisma.fewShotExample.updateMany({ data: { enabled: false } });
    const employee = randomUUID();
    await db.prisma.user.create({ data: { id: employee, name: "Employee", email: `${employee}@test.lore` } });
    const near = await createExample(db.prisma, source, fields("How do I reset my laptop password?"), admin);
    const far = await createExample(db.prisma, source, fields("What is the canteen menu on Fridays?"), admin);
    const result = await tryExamples(
      db.prisma,
      embedder,
      { asUserId: employee, question: "How do I reset my laptop password?", modelConfigured: false },
      { actor: admin },
    );
    const nearCandidate = result.candidates.find((c) => c.id === near.id)!;
    expect(nearCandidate.similarity).toBeCloseTo(1, 3);
    expect(nearCandidate.tokens).toBeGreaterThan(0);
    expect(nearCandidate.selected).toBe(true);
    expect(result.candidates[0]!.id).toBe(near.id);
    expect(result.candidates.find((c) => c.id === far.id)!.similarity).toBeLessThan(nearCandidate.similarity);
    // With the extractive default, an identical question is a standard answer.
    expect(result.outcome).toBe("standard");
    expect(result.standardAnswer).toMatchObject({ id: near.id, threshold: 0.9 });
    expect(
      "messages" in result.prompt && result.prompt.messages.some((m) => m.content.includes("How do I reset my laptop password?")),
    ).toBe(true);
    const audit = await db.prisma.auditLog.findFirst({ where: { action: "search.as_user", targetId: employee } });
    expect(audit?.actorId).toBe(admin.id);
  });
});
