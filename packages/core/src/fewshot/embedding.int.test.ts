/**
 * Example vectors on a real (embedded) database: written with the model's id and size, pending again after a
 * model switch (made by hand, and by the re-embedding job itself), and never written by a model that is no
 * longer the active one.
 */
import { randomUUID } from "node:crypto";
import pgvector from "pgvector";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed/hashing";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import { runReembedJob } from "../knowledge-base/embedding-models/reembed";
import { startReembedding } from "../knowledge-base/embedding-models/reembed-start";
import { acceptingQueue, hashing } from "../testing/embedding-models";
import { countPendingExamples, embedExamples, embedPendingExamples } from "./embedding";
import { selectExamples } from "./select";

const db = useTestDatabase({ perTest: true });
const QUESTIONS = ["How many vacation days do I get?", "Who approves travel expenses?", "How do I reset my laptop password?"];

async function addExamples(questions: readonly string[] = QUESTIONS): Promise<string[]> {
  const ids = questions.map(() => randomUUID());
  await db.prisma.fewShotExample.createMany({
    data: questions.map((question, i) => ({ id: ids[i]!, question, answer: `Answer to: ${question}` })),
  });
  return ids;
}

async function stored() {
  return db.prisma.$queryRaw<{ id: string; question: string; model: string | null; dims: number | null; self: number | null }[]>`
    SELECT id, question, embedding_model AS model, embedding_dims AS dims, vector_dims(embedding) AS self FROM few_shot_examples ORDER BY question`;
}

const select = (embedder: { id: string; embedQuery(text: string): Promise<number[]> }, question: string) =>
  embedder
    .embedQuery(question)
    .then((queryVector) =>
      selectExamples(db.prisma, { userId: null, question, queryVector, embedderId: embedder.id, k: 5, maxTokens: 10_000 }),
    );

describe("embedding examples", () => {
  it("writes each question's vector with the model's id and size", async () => {
    const embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    const ids = await addExamples();
    expect(await countPendingExamples(db.prisma, embedder)).toBe(3);

    expect(await embedExamples(db.prisma, embedder)).toEqual({ embedded: 3, skipped: 0 });
    for (const row of await stored()) expect(row).toMatchObject({ model: "hashing-v1-384", dims: 384, self: 384 });
    expect(await countPendingExamples(db.prisma, embedder)).toBe(0);

    // The stored vector is the question's: its cosine similarity to the question embedded again is 1.
    const [check] = await db.prisma.$queryRaw<{ similarity: number }[]>`
      SELECT 1 - (embedding <=> ${pgvector.toSql(await embedder.embedQuery(QUESTIONS[1]!))}::vector) AS similarity
      FROM few_shot_examples WHERE id = ${ids[1]}`;
    expect(check!.similarity).toBeCloseTo(1, 5);

    // Nothing pending: embedding the pending ones writes nothing; `ids` re-embeds those only.
    expect(await embedPendingExamples(db.prisma, embedder)).toEqual({ embedded: 0, skipped: 0 });
    expect(await embedExamples(db.prisma, embedder, { ids: [ids[0]!] })).toEqual({ embedded: 1, skipped: 0 });
  });

  it("works in batches", async () => {
    const embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    await addExamples(Array.from({ length: 7 }, (_, i) => `Question number ${i} about the canteen menu`));
    expect(await embedPendingExamples(db.prisma, embedder, { batchSize: 3 })).toEqual({ embedded: 7, skipped: 0 });
    expect(await countPendingExamples(db.prisma, embedder)).toBe(0);
  });

  it("makes every example pending after a model switch, and the old model can no longer write", async () => {
    const old = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    await addExamples();
    await embedPendingExamples(db.prisma, old);
    expect(await select(old, QUESTIONS[0]!)).toHaveLength(3);

    // The switch as the re-embedding job makes it: the old model retired, the new one active.
    const next = createHashingEmbedder({ dimensions: 64 });
    await db.prisma.embeddingModel.updateMany({ where: { state: "active" }, data: { state: "retired", retiredAt: new Date() } });
    await db.prisma.embeddingModel.create({ data: { id: next.id, dimensions: 64, provider: "hashing", settings: {}, state: "active" } });

    expect(await countPendingExamples(db.prisma, next)).toBe(3);
    expect(await select(next, QUESTIONS[0]!)).toEqual([]); // pending examples are selected by nobody
    // A pass of the retired model (one that began before the switch, say) writes nothing.
    expect(await embedExamples(db.prisma, old)).toEqual({ embedded: 0, skipped: 3 });

    expect(await embedPendingExamples(db.prisma, next)).toEqual({ embedded: 3, skipped: 0 });
    for (const row of await stored()) expect(row).toMatchObject({ model: next.id, dims: 64, self: 64 });
    expect((await select(next, QUESTIONS[0]!))[0]?.question).toBe(QUESTIONS[0]);
  });

  it("leaves an example edited while it was being embedded pending", async () => {
    const embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    const [id] = await addExamples([QUESTIONS[0]!]);
    const slow = {
      id: embedder.id,
      dimensions: embedder.dimensions,
      embedQuery: (text: string) => embedder.embedQuery(text),
      embedDocuments: async (texts: string[]) => {
        await db.prisma.fewShotExample.update({ where: { id: id! }, data: { question: "How many days off do I get?" } });
        return embedder.embedDocuments(texts);
      },
    };
    expect(await embedExamples(db.prisma, slow)).toEqual({ embedded: 0, skipped: 1 });
    expect(await countPendingExamples(db.prisma, embedder)).toBe(1);
  });

  it("are embedded with the new model by the re-embedding job, right after its switch", async () => {
    const old = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    await addExamples();
    await embedPendingExamples(db.prisma, old);

    const started = await startReembedding(db.prisma, { config: hashing(128), queue: acceptingQueue });
    if (started.status !== "started") throw new Error(`not started: ${started.status}`);
    expect(await runReembedJob(db.prisma, started.jobId, { config: hashing(128) })).toEqual({ status: "succeeded" });

    const active = await getActiveEmbedder(db.prisma, { config: hashing(128) });
    expect(active.id).toBe("hashing-v1-128");
    expect(await countPendingExamples(db.prisma, active)).toBe(0);
    for (const row of await stored()) expect(row).toMatchObject({ model: "hashing-v1-128", dims: 128 });
    expect((await select(active, QUESTIONS[2]!))[0]?.question).toBe(QUESTIONS[2]);
  });
});
