/**
 * Every analytics figure on a real (embedded) database, from hand-made rows with known dates: questions and
 * outcomes per day (in UTC and in another time zone), ratings, most-cited documents, knowledge gaps, stale
 * examples, recent questions and the dashboard's headline, plus empty ranges and the edges of a day.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import type { Embedder } from "../embed/types";
import { hashing } from "../testing/embedding-models";
import { createTestUser } from "../testing/users";
import {
  activityTotals,
  analyticsOverview,
  analyticsSummary,
  checkRange,
  knowledgeGaps,
  messagesPerDay,
  mostCitedDocuments,
  ratingsPerDay,
  recentQuestions,
  staleExamples,
} from "./index";

const db = useTestDatabase();
let embedder: Embedder;
const ids: Record<string, string> = {};

const at = (iso: string) => new Date(iso);

/** A document whose current version was created at `versionCreatedAt`, after an earlier one if `previousAt` is given. */
async function addDocument(title: string, versionCreatedAt: string, previousAt?: string) {
  const id = randomUUID();
  const versionId = randomUUID();
  const previousId = previousAt ? randomUUID() : null;
  await db.prisma.document.create({
    data: { id, source: "analytics-test", externalId: id, title, mimeType: "text/markdown", contentHash: id, status: "ready" },
  });
  const version = (vid: string, n: number, createdAt: string) => ({
    id: vid,
    documentId: id,
    version: n,
    contentHash: `${id}-${n}`,
    title,
    content: `${title} ${n}`,
    byteSize: 1,
    createdAt: at(createdAt),
  });
  // Each version indexed (one chunk): the stale rule compares versions that were searchable.
  const chunk = (vid: string) => ({
    id: randomUUID(),
    documentId: id,
    documentVersionId: vid,
    ordinal: 0,
    text: title,
    tokenCount: 1,
    embeddingModel: "test",
    embeddingDims: 3,
  });
  if (previousId && previousAt) {
    await db.prisma.documentVersion.create({ data: version(previousId, 1, previousAt) });
    await db.prisma.chunk.create({ data: chunk(previousId) });
  }
  await db.prisma.documentVersion.create({ data: version(versionId, previousId ? 2 : 1, versionCreatedAt) });
  await db.prisma.chunk.create({ data: chunk(versionId) });
  await db.prisma.document.update({ where: { id }, data: { currentVersionId: versionId } });
  return { id, versionId, previousId };
}

/** A question and its answer (`mode`, or no answer with `mode: undefined`), the answer a few seconds later. */
async function exchange(
  conversationId: string,
  question: string,
  askedAt: string,
  mode: string | null | undefined,
  citedDocs: string[] = [],
) {
  const questionId = randomUUID();
  await db.prisma.message.create({
    data: { id: questionId, conversationId, role: "user", parts: [{ type: "text", text: question }], createdAt: at(askedAt) },
  });
  if (mode === undefined) return { questionId, answerId: null };
  const answerId = randomUUID();
  const answeredAt = new Date(at(askedAt).getTime() + 5000);
  await db.prisma.message.create({
    data: { id: answerId, conversationId, role: "assistant", parts: [{ type: "text", text: "…" }], mode, createdAt: answeredAt },
  });
  if (citedDocs.length) {
    await db.prisma.answerCitation.createMany({
      data: citedDocs.map((documentId) => ({ id: randomUUID(), messageId: answerId, documentId, createdAt: answeredAt })),
    });
  }
  return { questionId, answerId };
}

beforeAll(async () => {
  embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
  const asker = await createTestUser(db.prisma);
  const rater = await createTestUser(db.prisma);
  const conversation = await db.prisma.conversation.create({ data: { id: randomUUID(), userId: asker.id } });
  const c = conversation.id;

  const leave = await addDocument("Leave policy", "2026-02-01T00:00:00Z", "2025-11-01T00:00:00Z");
  const vpn = await addDocument("VPN setup", "2025-12-01T00:00:00Z");
  ids.leave = leave.id;
  ids.leaveVersion = leave.versionId;
  ids.leavePreviousVersion = leave.previousId!;
  ids.vpn = vpn.id;

  // 1 March (UTC): one refusal, late in the day (already 2 March in Ho Chi Minh City, UTC+7).
  const vpn1 = await exchange(c, "Where is the VPN guide?", "2026-03-01T23:30:00Z", "not_found");
  // 2 March: answered (citing the leave page twice and the VPN page), refused, and one with no recorded mode.
  const leaveQ = await exchange(c, "How many leave days do I get?", "2026-03-02T00:10:00Z", "extractive", [leave.id, leave.id, vpn.id]);
  const vpn2 = await exchange(c, "Where can I find the VPN guide?", "2026-03-02T09:00:00Z", "not_found");
  await exchange(c, "What is the parking policy?", "2026-03-02T10:00:00Z", null);
  // 3 March: a curated answer citing the leave page; and, on the stroke of midnight after, a model answer.
  const parents = await exchange(c, "Is there parental leave?", "2026-03-03T18:00:00Z", "standard", [leave.id]);
  const midnight = await exchange(c, "Who approves travel?", "2026-03-04T00:00:00Z", "model");
  ids.vpn1Answer = vpn1.answerId!;
  ids.vpn2Answer = vpn2.answerId!;
  ids.leaveAnswer = leaveQ.answerId!;
  ids.parentsQuestion = parents.questionId;
  ids.parentsAnswer = parents.answerId!;
  ids.midnightQuestion = midnight.questionId;

  await db.prisma.feedback.createMany({
    data: [
      { id: randomUUID(), messageId: leaveQ.answerId!, userId: asker.id, rating: 1, createdAt: at("2026-03-02T12:00:00Z") },
      { id: randomUUID(), messageId: parents.answerId!, userId: asker.id, rating: -1, createdAt: at("2026-03-03T19:00:00Z") },
      { id: randomUUID(), messageId: vpn2.answerId!, userId: rater.id, rating: -1, createdAt: at("2026-03-04T00:00:00Z") },
      {
        id: randomUUID(),
        messageId: leaveQ.answerId!,
        userId: rater.id,
        rating: -1,
        status: "dismissed",
        createdAt: at("2026-03-03T20:00:00Z"),
      },
    ],
  });

  // Examples: reviewed before the leave page's current version (stale), after it (fresh), and one on the
  // VPN page, unchanged since its review (fresh).
  const example = (question: string, reviewedAt: string, documentId: string) =>
    db.prisma.fewShotExample.create({
      data: { id: randomUUID(), question, answer: "…", reviewedAt: at(reviewedAt), documents: { create: [{ documentId }] } },
    });
  ids.staleExample = (await example("How long is annual leave?", "2026-01-01T00:00:00Z", leave.id)).id;
  await example("Can I carry leave over?", "2026-02-15T00:00:00Z", leave.id);
  await example("How do I connect to the VPN?", "2026-01-01T00:00:00Z", vpn.id);
});

const MARCH = checkRange({ from: "2026-03-01", to: "2026-03-04" });

describe("activity per day", () => {
  it("counts questions and outcomes per UTC day, every day present, the next midnight excluded", async () => {
    expect(await messagesPerDay(db.prisma, MARCH)).toEqual([
      { day: "2026-03-01", questions: 1, answered: 0, notFound: 1, unknown: 0 },
      { day: "2026-03-02", questions: 3, answered: 1, notFound: 1, unknown: 1 },
      { day: "2026-03-03", questions: 1, answered: 1, notFound: 0, unknown: 0 },
    ]);
  });

  it("a question asked at midnight belongs to the day that starts then", async () => {
    const day = await messagesPerDay(db.prisma, checkRange({ from: "2026-03-04", to: "2026-03-05" }));
    expect(day).toEqual([{ day: "2026-03-04", questions: 1, answered: 1, notFound: 0, unknown: 0 }]);
  });

  it("counts days in the range's time zone", async () => {
    const hanoi = checkRange({ from: "2026-03-01", to: "2026-03-04", timeZone: "Asia/Ho_Chi_Minh" });
    expect((await messagesPerDay(db.prisma, hanoi)).map((d) => [d.day, d.questions])).toEqual([
      ["2026-03-01", 0],
      ["2026-03-02", 4],
      ["2026-03-03", 0],
    ]);
    // 3 March 18:00 UTC is already 4 March there, with the midnight question (07:00 local).
    expect((await messagesPerDay(db.prisma, checkRange({ ...hanoi, from: "2026-03-04", to: "2026-03-05" })))[0]!.questions).toBe(2);
  });

  it("counts thumbs up and down by the day they were given", async () => {
    expect(await ratingsPerDay(db.prisma, MARCH)).toEqual([
      { day: "2026-03-01", up: 0, down: 0 },
      { day: "2026-03-02", up: 1, down: 0 },
      { day: "2026-03-03", up: 0, down: 2 },
    ]);
  });

  it("an empty range has zero days and no shares", async () => {
    const empty = checkRange({ from: "2020-01-01", to: "2020-01-03" });
    const messages = await messagesPerDay(db.prisma, empty);
    const ratings = await ratingsPerDay(db.prisma, empty);
    expect(messages.map((d) => d.questions)).toEqual([0, 0]);
    expect(activityTotals(messages, ratings)).toEqual({
      questions: 0,
      answered: 0,
      notFound: 0,
      unknown: 0,
      notFoundShare: null,
      thumbsUp: 0,
      thumbsDown: 0,
      thumbsUpRatio: null,
    });
  });
});

describe("lists", () => {
  it("ranks documents by the answers that cited them (an answer counts once)", async () => {
    const cited = await mostCitedDocuments(db.prisma, MARCH);
    expect(cited.map((d) => [d.title, d.answers])).toEqual([
      ["Leave policy", 2],
      ["VPN setup", 1],
    ]);
    expect(cited[0]!.lastCitedAt).toEqual(at("2026-03-03T18:00:05Z"));
    expect(await mostCitedDocuments(db.prisma, checkRange({ from: "2026-03-04", to: "2026-03-05" }))).toEqual([]);
  });

  it("lists an example whose linked document changed after its review, with the change", async () => {
    const stale = await staleExamples(db.prisma);
    expect(stale.total).toBe(1);
    expect(stale.items).toEqual([
      {
        exampleId: ids.staleExample,
        question: "How long is annual leave?",
        reviewedAt: at("2026-01-01T00:00:00Z"),
        documents: [
          {
            documentId: ids.leave,
            title: "Leave policy",
            fromVersionId: ids.leavePreviousVersion,
            toVersionId: ids.leaveVersion,
            changedAt: at("2026-02-01T00:00:00Z"),
            href: `/documents/${ids.leave}?to=${ids.leaveVersion}&from=${ids.leavePreviousVersion}`,
          },
        ],
      },
    ]);
  });

  it("lists the range's newest questions with their answers", async () => {
    const recent = await recentQuestions(db.prisma, MARCH, 2);
    expect(recent).toEqual([
      {
        questionId: ids.parentsQuestion,
        text: "Is there parental leave?",
        askedAt: at("2026-03-03T18:00:00Z"),
        answerId: ids.parentsAnswer,
        mode: "standard",
      },
      expect.objectContaining({ text: "What is the parking policy?", answerId: expect.any(String), mode: null }),
    ]);
  });
});

describe("knowledge gaps", () => {
  it("clusters the range's unanswered questions, representative, samples and latest answer", async () => {
    const result = await knowledgeGaps(db.prisma, embedder, MARCH);
    expect(result).toMatchObject({ questions: 2, truncated: false });
    expect(result.gaps).toHaveLength(1);
    const [gap] = result.gaps;
    expect(gap!.count).toBe(2);
    expect(["Where is the VPN guide?", "Where can I find the VPN guide?"]).toContain(gap!.question);
    expect(gap!.samples).toHaveLength(1);
    expect(gap!.lastAskedAt).toEqual(at("2026-03-02T09:00:05Z"));
    expect(gap!.latestAnswerId).toBe(ids.vpn2Answer);
  });

  it("reads at most maxQuestions, the newest, and says so", async () => {
    const result = await knowledgeGaps(db.prisma, embedder, MARCH, { maxQuestions: 1 });
    expect(result).toMatchObject({ questions: 1, truncated: true });
    expect(result.gaps[0]).toMatchObject({ question: "Where can I find the VPN guide?", count: 1, samples: [] });
  });

  it("has nothing to cluster in an empty range (and embeds nothing)", async () => {
    const refusing: Embedder = { ...embedder, embedDocuments: () => Promise.reject(new Error("not called")) };
    expect(await knowledgeGaps(db.prisma, refusing, checkRange({ from: "2020-01-01", to: "2020-01-02" }))).toEqual({
      gaps: [],
      questions: 0,
      truncated: false,
    });
  });
});

describe("summary and overview", () => {
  it("puts the range's figures together, days merged with ratings", async () => {
    const summary = await analyticsSummary(db.prisma, { from: "2026-03-01", to: "2026-03-04" });
    expect(summary.totals).toEqual({
      questions: 5,
      answered: 2,
      notFound: 2,
      unknown: 1,
      notFoundShare: 0.5,
      thumbsUp: 1,
      thumbsDown: 2,
      thumbsUpRatio: 1 / 3,
    });
    expect(summary.days[2]).toEqual({ day: "2026-03-03", questions: 1, answered: 1, notFound: 0, unknown: 0, thumbsUp: 0, thumbsDown: 2 });
    expect(summary.recentQuestions).toHaveLength(5);
    expect(summary.mostCited).toHaveLength(2);
    expect(summary.staleExamples.total).toBe(1);
  });

  it("refuses a range that ends before it starts, is too long, or is not dates", async () => {
    await expect(analyticsSummary(db.prisma, { from: "2026-03-04", to: "2026-03-04" })).rejects.toMatchObject({ code: "BAD_RANGE" });
    await expect(analyticsSummary(db.prisma, { from: "2024-01-01", to: "2026-01-01" })).rejects.toMatchObject({ code: "BAD_RANGE" });
    await expect(analyticsSummary(db.prisma, { from: "2026-02-30", to: "2026-03-04" })).rejects.toMatchObject({ code: "BAD_RANGE" });
    await expect(analyticsSummary(db.prisma, { from: "2026-03-01", to: "2026-03-04", timeZone: "Mars/Base" })).rejects.toMatchObject({
      code: "BAD_RANGE",
    });
  });

  it("gives the dashboard the last seven days and what awaits review", async () => {
    expect(await analyticsOverview(db.prisma, at("2026-03-03T12:00:00Z"))).toEqual({
      days: 7,
      from: "2026-02-25",
      to: "2026-03-04",
      questions: 5,
      notFoundShare: 0.5,
      // The dismissed thumbs-down is handled; the one given at midnight on 4 March awaits.
      thumbsDownAwaiting: 2,
      documents: 2,
      staleExamples: 1,
    });
  });
});
