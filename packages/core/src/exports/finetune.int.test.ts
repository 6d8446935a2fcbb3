import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@lore/db";
import { useTestDatabase } from "@lore/db/testing";
import type { MessagePart } from "../answer/events";
import { createTestUser } from "../testing";
import { finetuneFile, finetunePreview, finetuneRecords, recordFinetuneExport, splitOf } from ".";

const database = useTestDatabase();

/** A conversation with one question and its answer (citing [1]), rated by its owner. */
async function ratedAnswer(db: PrismaClient, opts: { question: string; answer: string; rating?: 1 | -1; documentId: string }) {
  const user = await createTestUser(db);
  const conversationId = randomUUID();
  await db.conversation.create({ data: { id: conversationId, userId: user.id } });
  const asked = new Date(Date.now() - 1000);
  await db.message.create({
    data: { id: randomUUID(), conversationId, role: "user", parts: [{ type: "text", text: opts.question }], createdAt: asked },
  });
  const parts: MessagePart[] = [
    {
      type: "sources",
      sources: [
        {
          n: 1,
          chunkId: "c1",
          documentId: opts.documentId,
          versionId: "v1",
          title: "Leave policy",
          url: null,
          headingPath: ["Annual leave"],
          excerpt: "Staff get 25 days.",
        },
      ],
    },
    { type: "text", text: opts.answer },
  ];
  const id = randomUUID();
  await db.message.create({ data: { id, conversationId, role: "assistant", parts: parts as object[] } });
  if (opts.rating) await db.feedback.create({ data: { id: randomUUID(), messageId: id, userId: user.id, rating: opts.rating } });
  return id;
}

async function lines(db: PrismaClient, file: "train" | "validation", options: Parameters<typeof finetuneFile>[1]) {
  const out: string[] = [];
  for await (const line of finetuneFile(db, options, file)) out.push(line);
  return out;
}

describe("the fine-tuning export", () => {
  it("writes enabled examples and thumbs-up answers as chat records, with sources on request, split by a stable seed", async () => {
    const db = database.prisma;
    await db.promptConfig.updateMany({ data: { isActive: false } });
    await db.promptConfig.create({
      data: { id: randomUUID(), name: "ft", version: 9001, systemPrompt: "You are Lore.", isActive: true },
    });
    await db.fewShotExample.deleteMany({});
    await db.fewShotExample.create({ data: { id: "ex-on", question: "How do I book leave?", answer: "Use the HR portal." } });
    await db.fewShotExample.create({ data: { id: "ex-off", question: "Hidden?", answer: "No.", enabled: false } });
    const restricted = randomUUID();
    const group = await db.group.create({ data: { id: randomUUID(), name: `ft-${Date.now()}` } });
    await db.document.create({
      data: {
        id: restricted,
        source: "upload",
        externalId: restricted,
        title: "Leave policy",
        mimeType: "text/markdown",
        contentHash: "x",
      },
    });
    await db.documentAccess.create({ data: { documentId: restricted, groupId: group.id } });
    const liked = await ratedAnswer(db, { question: "How many days of leave?", answer: "25 days. [1]", rating: 1, documentId: restricted });
    await ratedAnswer(db, { question: "Disliked?", answer: "Wrong. [1]", rating: -1, documentId: restricted });
    await ratedAnswer(db, { question: "Unrated?", answer: "Maybe. [1]", documentId: restricted });

    const plain = [];
    for await (const r of finetuneRecords(db, { withSources: false })) plain.push(r);
    expect(plain.map((r) => r.key)).toEqual(["example:ex-on", `answer:${liked}`]);
    expect(plain[0]!.messages).toEqual([
      { role: "system", content: "You are Lore." },
      { role: "user", content: "How do I book leave?" },
      { role: "assistant", content: "Use the HR portal." },
    ]);
    // Without its sources, the answer's citation markers are taken out.
    expect(plain[1]!.messages.slice(1)).toEqual([
      { role: "user", content: "How many days of leave?" },
      { role: "assistant", content: "25 days." },
    ]);
    expect(plain[1]!.restricted).toBe(false);

    const sourced = [];
    for await (const r of finetuneRecords(db, { withSources: true })) sourced.push(r);
    const user = sourced[1]!.messages[1]!.content;
    expect(user).toContain("[1] Leave policy › Annual leave\nStaff get 25 days.");
    expect(user.endsWith("Question: How many days of leave?")).toBe(true);
    expect(sourced[1]!.messages[2]!.content).toBe("25 days. [1]");
    expect(sourced[1]!.restricted).toBe(true);

    // Every record lands in exactly one file, where the pure split says; the same seed gives the same files.
    const options = { seed: "s1", validationRatio: 0.5, withSources: true };
    const train = await lines(db, "train", options);
    const validation = await lines(db, "validation", options);
    expect(train.length + validation.length).toBe(2);
    for (const line of [...train, ...validation]) expect(JSON.parse(line)).toHaveProperty("messages");
    expect(validation.length).toBe(sourced.filter((r) => splitOf("s1", r.key, 0.5) === "validation").length);
    expect(await lines(db, "train", options)).toEqual(train);
    expect(await lines(db, "validation", { ...options, validationRatio: 0 })).toEqual([]);

    const preview = await finetunePreview(db, options);
    expect(preview.promptVersion).toBe(9001);
    expect(preview.train.records + preview.validation.records).toBe(2);
    expect(preview.train.examples + preview.validation.examples).toBe(1);
    expect(preview.train.restricted + preview.validation.restricted).toBe(1);
    expect(preview.train.tokens + preview.validation.tokens).toBeGreaterThan(20);
    if (preview.train.records === 0) expect(preview.train.tokens).toBe(0);

    await recordFinetuneExport(db, { id: "admin-id", email: "a@test.lore" }, { ...options, file: "train" });
    expect(await db.auditLog.findFirst({ where: { action: "export.finetune" } })).toMatchObject({
      actorId: "admin-id",
      targetId: "train",
      data: { seed: "s1", validationRatio: 0.5, withSources: true, file: "train" },
    });
  });
});
