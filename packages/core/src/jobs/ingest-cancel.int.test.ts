/**
 * Cancelling ingestion jobs: before a worker takes them, and while a worker (a real pg-boss worker in this process) is
 * in the middle of one — documents are then complete or absent, never half-indexed, and the queue does not retry.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder, type Embedder } from "../embed";
import { INDEXING_CONCURRENCY } from "../ingest/concurrent";
import { IngestionRequestError, cancelIngestionJob, enqueueIngestion, runIngestionJob } from "../knowledge-base";
import { INGEST_QUEUE } from "../queue/queue";
import { policyPage, textFile } from "../testing/documents";
import { until } from "../testing/jobs";
import { createTestUser } from "../testing/users";
import { startWorker, type Worker } from "./worker";

const embedder = createHashingEmbedder();

/**
 * The worker's embedder, with a gate the test can close: from the call whose texts mention `at` on, every call
 * waits (as on a slow embedding server) until the test opens it.
 */
let gate: { at: string; reached: () => void; open: Promise<void> } | null = null;
let gateClosed = false;
const workerEmbedder: Embedder = {
  id: embedder.id,
  dimensions: embedder.dimensions,
  embedDocuments: async (texts) => {
    if (gate && !gateClosed && texts.some((t) => t.includes(gate!.at))) {
      gateClosed = true;
      gate.reached();
    }
    if (gate && gateClosed) await gate.open;
    return embedder.embedDocuments(texts);
  },
  embedQuery: (text) => embedder.embedQuery(text),
};

const db = useTestDatabase();
let worker: Worker;
const workerLog: string[] = [];
let admin: { id: string; email: string };
beforeAll(async () => {
  worker = await startWorker({ databaseUrl: db.url, prisma: db.prisma, embedder: workerEmbedder, log: (line) => workerLog.push(line) });
  admin = await createTestUser(db.prisma, { role: "admin", name: "Admin" });
});
// Before the database stops: afterAll hooks run in reverse order, so this one runs before useTestDatabase's.
afterAll(async () => {
  await worker?.stop();
});

const job = (id: string) => db.prisma.ingestionJob.findUniqueOrThrow({ where: { id } });

describe("cancelling an ingestion job", () => {
  it("mid-run: the documents being indexed are finished, nothing after them starts, the partial file is reported, no retry", async () => {
    const source = `cancel-${randomUUID()}`;
    const records = ["kb-1", "kb-2", "kb-3"].map((id) =>
      JSON.stringify({ id, title: `Record ${id}`, text: `The ${id} record explains the ibis procedure.` }),
    );
    const later = ["c", "d", "e", "f", "g", "h", "i", "j"];
    const files = [
      textFile("a.md", policyPage("alpha")),
      textFile("b.md", policyPage("beta")),
      textFile("records.jsonl", records.join("\n")),
      ...later.map((w) => textFile(`${w}.md`, policyPage(w))),
    ];
    // Documents in the order the worker starts them, with their file.
    const order = [
      ["a", "a.md"],
      ["b", "b.md"],
      ["kb-1", "records.jsonl"],
      ["kb-2", "records.jsonl"],
      ["kb-3", "records.jsonl"],
      ...later.map((w) => [w, `${w}.md`]),
    ];
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    let open!: () => void;
    gateClosed = false;
    gate = { at: "kb-2 record", reached, open: new Promise<void>((r) => (open = r)) };

    const { jobId } = await enqueueIngestion(db.prisma, worker.boss, { source, files });
    await atGate; // the worker is embedding kb-2, and whatever else it started since waits too
    expect(await cancelIngestionJob(db.prisma, worker.boss, jobId, admin)).toEqual({ id: jobId, status: "canceled" });
    expect(await job(jobId)).toMatchObject({ status: "canceled", finishedAt: expect.any(Date) });
    open();

    // The worker finishes what it started, sees the cancellation and stops.
    await until("the queue job to be cancelled", async () => (await worker.boss.getJobById(INGEST_QUEUE, jobId))?.state === "cancelled");
    await until("the worker to stop", async () => workerLog.some((line) => line.startsWith(`ingest ${jobId}: canceled (`)));
    gate = null;

    // Complete documents only, each with its one version and its chunks: a prefix of the upload's documents, at
    // most the ones indexing when the job was cancelled past kb-2, and not everything.
    const docs = await db.prisma.document.findMany({
      where: { source },
      select: { externalId: true, status: true, currentVersionId: true, _count: { select: { versions: true, chunks: true } } },
    });
    for (const d of docs)
      expect(d, d.externalId).toMatchObject({ status: "ready", currentVersionId: expect.any(String), _count: { versions: 1 } });
    expect(docs.every((d) => d._count.chunks > 0)).toBe(true);
    const started = order.slice(0, docs.length);
    expect(docs.map((d) => d.externalId).sort()).toEqual(started.map(([id]) => id).sort());
    expect(docs.length).toBeGreaterThanOrEqual(4);
    expect(docs.length).toBeLessThanOrEqual(3 + INDEXING_CONCURRENCY);

    // The job counts the files the started documents complete, and reports the JSONL file if it was cut inside.
    const done = await job(jobId);
    expect(done.filesDone).toBe(new Set(started.map(([, f]) => f)).size);
    const cutInsideRecords = docs.length === 4;
    expect(done).toMatchObject({ status: "canceled", filesTotal: files.length, filesFailed: 0 });
    expect(done.errors).toEqual(
      cutInsideRecords
        ? [expect.objectContaining({ code: "CANCELED", file: "records.jsonl", message: expect.stringContaining("after 2 of 3 documents") })]
        : [],
    );
    expect(done.input).toEqual({ source, files: files.map(({ name }) => ({ name, size: expect.any(Number) })) });
    expect(await db.prisma.ingestionUploadPart.count({ where: { jobId } })).toBe(0);
    expect(done.chunksTotal).toBe(docs.reduce((sum, d) => sum + d._count.chunks, 0));

    // Nothing runs it again, and the worker goes on with other jobs.
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "skipped" });
    const next = await enqueueIngestion(db.prisma, worker.boss, { source, files: [textFile("z.md", policyPage("zeta"))] });
    await until("the next job", async () => (await job(next.jobId)).status === "succeeded");
    expect((await job(jobId)).filesDone).toBe(done.filesDone);
  });

  it("before a worker takes it: never runs, its bytes are dropped; cancelling again is a no-op; audited once", async () => {
    const source = `cancel-${randomUUID()}`;
    // Held back by the queue (startAfter): the cancellation comes first.
    const boss = worker.boss;
    const { jobId } = await enqueueIngestion(
      db.prisma,
      {
        send: (name: string, data: object, options: object) => boss.send(name, data, { ...options, startAfter: 60 }),
      } as unknown as typeof boss,
      {
        source,
        files: [textFile("a.md", policyPage("queued"))],
      },
    );
    expect((await job(jobId)).status).toBe("queued");
    expect(await db.prisma.ingestionUploadPart.count({ where: { jobId } })).toBe(1);
    await cancelIngestionJob(db.prisma, boss, jobId, admin);
    expect(await db.prisma.ingestionUploadPart.count({ where: { jobId } })).toBe(0);
    await cancelIngestionJob(db.prisma, boss, jobId, admin);
    expect(await job(jobId)).toMatchObject({
      status: "canceled",
      filesDone: 0,
      input: { source, files: [{ name: "a.md", size: expect.any(Number) }] },
    });
    expect((await boss.getJobById(INGEST_QUEUE, jobId))?.state).toBe("cancelled");
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "skipped" });
    expect(await db.prisma.document.count({ where: { source } })).toBe(0);
    expect(await db.prisma.auditLog.findMany({ where: { action: "ingestion_job.canceled", targetId: jobId } })).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        actorEmail: admin.email,
        targetType: "ingestion_job",
        data: { kind: "import", was: "queued" },
      }),
    ]);
  });

  it("refuses a job that already ended (FINISHED) or does not exist (NOT_FOUND)", async () => {
    const { jobId } = await enqueueIngestion(db.prisma, worker.boss, {
      source: `cancel-${randomUUID()}`,
      files: [textFile("a.md", policyPage("finished"))],
    });
    await until("the job", async () => (await job(jobId)).status === "succeeded");
    await expect(cancelIngestionJob(db.prisma, worker.boss, jobId, admin)).rejects.toMatchObject({
      code: "FINISHED",
      message: expect.stringContaining("already succeeded"),
    });
    expect((await job(jobId)).status).toBe("succeeded");
    const missing = await cancelIngestionJob(db.prisma, worker.boss, "no-such-job", admin).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(IngestionRequestError);
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a re-embedding job (NOT_CANCELABLE): it follows the settings, and its row stays as it is", async () => {
    const id = randomUUID();
    await db.prisma.ingestionJob.create({
      data: { id, kind: "reembed", status: "running", input: { from: "a", to: "b", dimensions: 384 } },
    });
    await expect(cancelIngestionJob(db.prisma, worker.boss, id, admin)).rejects.toMatchObject({
      code: "NOT_CANCELABLE",
      message: expect.stringMatching(/set the embedding settings .* back to the active model/),
    });
    expect((await job(id)).status).toBe("running");
    await db.prisma.ingestionJob.delete({ where: { id } });
  });
});
