import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../../embed/index";
import { createTestUser } from "../../testing/users";
import { listCitingAnswers, listDocuments, type ListDocumentsParams } from "..";
import { indexDocument } from "../publish/publish";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

/** Every page of a listing, following the cursors. */
async function allPages(params: ListDocumentsParams, limit: number) {
  const titles: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const { items, nextCursor } = await listDocuments(db.prisma, { ...params, limit, ...(cursor ? { cursor } : {}) });
    titles.push(...items.map((d) => d.title));
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return titles;
}

describe("document list filters, sorts and cursors", () => {
  it("filters by group, tag and updated range, and pages every sort in both directions without gaps or repeats", async () => {
    const source = `list-${randomUUID()}`;
    const group = await db.prisma.group.create({ data: { id: randomUUID(), name: `readers-${randomUUID().slice(0, 8)}` } });
    const names = ["delta", "alpha", "echo", "charlie", "bravo", "foxtrot", "golf"];
    const ids: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const r = await indexDocument(
        db.prisma,
        {
          source,
          doc: { externalId: name, title: name, mimeType: "text/markdown", text: `Page ${name}.` },
          ...(i % 2 === 0 ? { groups: [group.name] } : {}),
          tags: i < 3 ? ["first"] : ["later"],
        },
        { embedder },
      );
      ids[name] = r.documentId;
      // Distinct, known instants: creation in list order, last change in reverse.
      await db.prisma.$executeRaw`UPDATE documents SET created_at = ${new Date(Date.UTC(2026, 0, 1 + i))},
        updated_at = ${new Date(Date.UTC(2026, 1, 28 - i))} WHERE id = ${r.documentId}`;
    }
    const sorted = [...names].sort();
    for (const limit of [1, 2, 3, 10]) {
      expect(await allPages({ source, sort: "title" }, limit)).toEqual(sorted);
      expect(await allPages({ source, sort: "title", dir: "desc" }, limit)).toEqual([...sorted].reverse());
      expect(await allPages({ source, sort: "created", dir: "asc" }, limit)).toEqual(names);
      expect(await allPages({ source, sort: "updated" }, limit)).toEqual(names);
      expect(await allPages({ source, sort: "updated", dir: "asc" }, limit)).toEqual([...names].reverse());
    }
    expect(await allPages({ source, sort: "title", group: group.name }, 2)).toEqual(["bravo", "delta", "echo", "golf"]);
    expect(await allPages({ source, sort: "title", tag: "first" }, 2)).toEqual(["alpha", "delta", "echo"]);
    expect(
      await allPages(
        { source, sort: "title", updatedAfter: new Date(Date.UTC(2026, 1, 24)), updatedBefore: new Date(Date.UTC(2026, 1, 27)) },
        1,
      ),
    ).toEqual(["bravo", "charlie", "echo"]);
    expect(await allPages({ source, query: "LPH" }, 5)).toEqual(["alpha"]);

    // A cursor of one sort is refused by another, and garbage is refused.
    const { nextCursor } = await listDocuments(db.prisma, { source, sort: "title", limit: 1 });
    await expect(listDocuments(db.prisma, { source, sort: "updated", cursor: nextCursor! })).rejects.toMatchObject({ code: "BAD_CURSOR" });
    await expect(listDocuments(db.prisma, { source, cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_CURSOR" });
  });
});

describe("citing answers", () => {
  it("lists each answer that cited the document once, newest first, with its question, paged", async () => {
    const source = `cite-${randomUUID()}`;
    const doc = await indexDocument(
      db.prisma,
      { source, doc: { externalId: "cited", title: "Cited", mimeType: "text/markdown", text: "# Cited\n\nThe kestrel rule." } },
      { embedder },
    );
    const user = await createTestUser(db.prisma, { name: "Asker" });
    const conversationId = randomUUID();
    await db.prisma.conversation.create({ data: { id: conversationId, userId: user.id } });
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const at = new Date(Date.UTC(2026, 2, 1, 10, i));
      const answerId = randomUUID();
      await db.prisma.message.create({
        data: {
          id: randomUUID(),
          conversationId,
          role: "user",
          status: "complete",
          parts: [{ type: "text", text: `Question ${i}?` }],
          createdAt: at,
        },
      });
      await db.prisma.message.create({
        data: {
          id: answerId,
          conversationId,
          role: "assistant",
          status: "complete",
          parts: [{ type: "text", text: `Answer ${i}.` }],
          createdAt: new Date(at.getTime() + 1000),
        },
      });
      // Two chunks of the same answer: still one row.
      for (let c = 0; c < 2; c++) {
        await db.prisma.answerCitation.create({
          data: {
            id: randomUUID(),
            messageId: answerId,
            documentId: doc.documentId,
            versionId: doc.versionId,
            createdAt: new Date(at.getTime() + 1000),
          },
        });
      }
      answers.push(answerId);
    }
    const first = await listCitingAnswers(db.prisma, { documentId: doc.documentId, limit: 2 });
    expect(first.items.map((a) => [a.messageId, a.question, a.answer])).toEqual([
      [answers[2], "Question 2?", "Answer 2."],
      [answers[1], "Question 1?", "Answer 1."],
    ]);
    expect(first.items[0]!.askedBy?.name).toBe("Asker");
    expect(first.items[0]!.version?.number).toBe(1);
    const second = await listCitingAnswers(db.prisma, { documentId: doc.documentId, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((a) => a.messageId)).toEqual([answers[0]]);
    expect(second.nextCursor).toBeNull();
  });
});
