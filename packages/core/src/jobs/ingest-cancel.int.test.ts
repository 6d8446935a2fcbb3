/**
 * Cancelling ingestion jobs: before a worker takes them, and while a worker (a real pg-boss worker in this process) is
 * in the middle of one — documents are then complete or absent, never half-indexed, and the queue does not retry.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "@lore/db/testing";
import { createHashingEmbedder, type Embedder } from "../embed";
import { IngestionRequestError, cancelIngestionJob, enqueueIngestion, runIngestionJob } from "./ingest";
import { INGEST_QUEUE } from "./queue";
import { startWorker, type Worker } from "./worker";

const embedder = createHashingEmbedder();

/** The worker's embedder: the test can hold it at a call (as a slow embedding server would) and let it go. */
let hold: { atCall: number; reached: () => void; release: Promise<void> } | null = null;
let calls = 0;
const workerEmbedder: Embedder = {
  id: embedder.id,
  dimensions: embedder.dimensions,
  embedDocuments: async (texts) => {
    calls += 1;
    if (hold && calls === hold.atCall) {
      hold.reached();
      await hold.release;
    }
    return embedder.embedDocuments(texts);
  },
  embedQuery: (text) => embedder.embedQuery(text),
};

let db: TestDatabase;
let worker: Worker;
let admin: { id: string; email: string };
beforeAll(async () => {
  db = await startTestDatabase();
  worker = await startWorker({ databaseUrl: db.url, prisma: db.prisma, embedder: workerEmbedder });
  admin = await db.prisma.user.create({ data: { id: randomUUID(), email: `admin-${randomUUID()}@test.lore`, name: "Admin", role: "admin" } });
});
afterAll(async () => {
  await worker?.stop();
  await db?.stop();
});

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const md = (word: string) => `# Policy ${word}\n\n## Rules\n\nThe ${word} rule says employees may do useful things.\n`;
const job = (id: string) => db.prisma.ingestionJob.findUniqueOrThrow({ where: { id } });

async function until<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("cancelling an ingestion job", () => {
  it("mid-run: the document being indexed is finished, nothing after it starts, the rest of its file is reported, no retry", async () => {
    const source = `cancel-${randomUUID()}`;
    const records = ["kb-1", "kb-2", "kb-3"].map((id) => JSON.stringify({ id, title: `Record ${id}`, text: `The ${id} record explains the ibis procedure.` }));
    // Embedder calls: a.md (1), b.md (2), kb-1 (3), kb-2 (4, held), kb-3, c.md, d.md.
    let reached!: () => void;
    const atHold = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    calls = 0;
    hold = { atCall: 4, reached, release: new Promise<void>((r) => (release = r)) };

    const { jobId } = await enqueueIngestion(db.prisma, worker.boss, {
      source,
      files: [file("a.md", md("alpha")), file("b.md", md("beta")), file("records.jsonl", records.join("\n")), file("c.md", md("gamma")), file("d.md", md("delta"))],
    });
    await atHold; // the worker is embedding kb-2
    expect(await cancelIngestionJob(db.prisma, worker.boss, jobId, admin)).toEqual({ id: jobId, status: "canceled" });
    expect(await job(jobId)).toMatchObject({ status: "canceled", finishedAt: expect.any(Date) });
    release();
    hold = null;

    // The worker finishes kb-2, sees the cancellation and stops: its last count is the partial file.
    const done = await until(async () => {
      const j = await job(jobId);
      return j.filesDone === 3 ? j : undefined;
    }, "the worker to record the partial file");
    await until(async () => (await worker.boss.getJobById(INGEST_QUEUE, jobId))?.state === "cancelled", "the queue job to be cancelled");
    expect(done).toMatchObject({ status: "canceled", filesTotal: 5, filesDone: 3, filesFailed: 0 });
    expect(done.errors).toEqual([expect.objectContaining({ code: "CANCELED", file: "records.jsonl", message: expect.stringContaining("after 2 of 3 documents") })]);
    expect(done.input).toEqual({ source, files: ["a.md", "b.md", "records.jsonl", "c.md", "d.md"].map((name) => ({ name, size: expect.any(Number) })) });

    // Complete documents only: each with its one version and its chunks; none half-done, none after the cancellation.
    const docs = await db.prisma.document.findMany({
      where: { source },
      select: { externalId: true, status: true, currentVersionId: true, _count: { select: { versions: true, chunks: true } } },
    });
    expect(docs.map((d) => d.externalId).sort()).toEqual(["a", "b", "kb-1", "kb-2"]);
    for (const d of docs) expect(d, d.externalId).toMatchObject({ status: "ready", currentVersionId: expect.any(String), _count: { versions: 1, chunks: expect.any(Number) } });
    expect(docs.every((d) => d._count.chunks > 0)).toBe(true);
    expect(done.chunksTotal).toBe(docs.reduce((sum, d) => sum + d._count.chunks, 0));

    // Nothing runs it again, and the worker goes on with other jobs.
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "skipped" });
    const next = await enqueueIngestion(db.prisma, worker.boss, { source, files: [file("e.md", md("epsilon"))] });
    await until(async () => (await job(next.jobId)).status === "succeeded", "the next job");
    expect((await job(jobId)).filesDone).toBe(3);
  });

  it("before a worker takes it: never runs, its bytes are dropped; cancelling again is a no-op; audited once", async () => {
    const source = `cancel-${randomUUID()}`;
    // Held back by the queue (startAfter): the cancellation comes first.
    const boss = worker.boss;
    const { jobId } = await enqueueIngestion(db.prisma, { send: (name: string, data: object, options: object) => boss.send(name, data, { ...options, startAfter: 60 }) } as unknown as typeof boss, {
      source,
      files: [file("a.md", md("queued"))],
    });
    expect((await job(jobId)).status).toBe("queued");
    await cancelIngestionJob(db.prisma, boss, jobId, admin);
    await cancelIngestionJob(db.prisma, boss, jobId, admin);
    expect(await job(jobId)).toMatchObject({ status: "canceled", filesDone: 0, input: { source, files: [{ name: "a.md", size: expect.any(Number) }] } });
    expect((await boss.getJobById(INGEST_QUEUE, jobId))?.state).toBe("cancelled");
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "skipped" });
    expect(await db.prisma.document.count({ where: { source } })).toBe(0);
    expect(await db.prisma.auditLog.findMany({ where: { action: "ingestion_job.canceled", targetId: jobId } })).toEqual([
      expect.objectContaining({ actorId: admin.id, actorEmail: admin.email, targetType: "ingestion_job", data: { kind: "import", was: "queued" } }),
    ]);
  });

  it("refuses a job that already ended (FINISHED) or does not exist (NOT_FOUND)", async () => {
    const { jobId } = await enqueueIngestion(db.prisma, worker.boss, { source: `cancel-${randomUUID()}`, files: [file("a.md", md("finished"))] });
    await until(async () => (await job(jobId)).status === "succeeded", "the job");
    await expect(cancelIngestionJob(db.prisma, worker.boss, jobId, admin)).rejects.toMatchObject({ code: "FINISHED", message: expect.stringContaining("already succeeded") });
    expect((await job(jobId)).status).toBe("succeeded");
    const missing = await cancelIngestionJob(db.prisma, worker.boss, "no-such-job", admin).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(IngestionRequestError);
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
  });
});
