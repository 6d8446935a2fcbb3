// suggestions.list through the real router: signed-in only, access enforced, the language preference honoured.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();
let restrictedDoc = "";
let groupId = "";

beforeAll(async () => {
  const { getActiveEmbedder, indexDocument } = await import("@lore/core/knowledge-base");
  const embedder = await getActiveEmbedder(h.db);
  groupId = randomUUID();
  await h.db.group.create({ data: { id: groupId, name: "leadership" } });
  const doc = { externalId: "bands", title: "Salary bands", mimeType: "text/markdown", text: "# Salary bands\n\nBand 3 pays well." };
  restrictedDoc = (await indexDocument(h.db, { source: "test", doc, groups: ["leadership"] }, { embedder })).documentId;
  const examples = [
    { question: "What is band 3's salary?", pinned: true, documents: [restrictedDoc] },
    { question: "How many days of leave do I get?", pinned: false, documents: [] },
    { question: "Tôi được nghỉ phép bao nhiêu ngày?", pinned: false, documents: [] },
  ];
  for (const e of examples) {
    await h.db.fewShotExample.create({
      data: {
        id: randomUUID(),
        question: e.question,
        answer: "…",
        pinned: e.pinned,
        documents: { create: e.documents.map((documentId) => ({ documentId })) },
      },
    });
  }
});

describe("suggestions.list", () => {
  it("needs a session", async () => {
    expect(await errorCode((await h.callerFor("")).suggestions.list())).toBe("UNAUTHORIZED");
  });

  it("hides examples linked to a document the caller may not read, and prefers the caller's language", async () => {
    const employee = await h.createUser();
    const caller = await h.callerFor(employee.cookie);
    expect((await caller.suggestions.list({ language: "vi" })).map((s) => s.question)).toEqual([
      "Tôi được nghỉ phép bao nhiêu ngày?",
      "How many days of leave do I get?",
    ]);

    const lead = await h.createUser();
    await h.db.groupMembership.create({ data: { userId: lead.id, groupId } });
    const questions = (await (await h.callerFor(lead.cookie)).suggestions.list()).map((s) => s.question);
    expect(questions[0]).toBe("What is band 3's salary?");
    expect(questions).toHaveLength(3);
  });

  it("rejects an unknown language", async () => {
    const caller = await h.callerFor((await h.createUser()).cookie);
    expect(await errorCode(caller.suggestions.list({ language: "fr" as "en" }))).toBe("BAD_REQUEST");
  });
});
