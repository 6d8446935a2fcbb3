import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { EmbeddingError, createHashingEmbedder, type Embedder } from "../embed";
import { search } from "../retrieve";
import { INDEXING_CONCURRENCY } from "../ingest/concurrent";
import { addSyntheticRows } from "../testing/synthetic-rows";
import { VECTOR_INDEX_MIN_ROWS, readVectorIndex, vectorIndexName } from "../knowledge-base/search-indexes/vector-index";
import { IngestionRequestError, enqueueIngestion, enqueueReindex, runIngestionJob } from "../knowledge-base";
import { INGEST_QUEUE, getJobQueue } from "../queue/queue";
import { policyPage, textFile } from "../testing/documents";
import { queueJobEnded } from "../testing/jobs";
import { startWorker, type Worker } from "./worker";

const db = useTestDatabase();
let worker: Worker;
const embedder = createHashingEmbedder();
/** Embedder calls made by the worker; a test can make the next ones fail. */
let failNextCalls = 0;
const workerEmbedder: Embedder = {
  id: embedder.id,
  dimensions: embedder.dimensions,
  embedDocuments: async (texts) => {
    if (texts.some((t) => t.includes("toolongforthemodel"))) {
      throw new EmbeddingError("INPUT_REJECTED", "A text is longer than the model accepts (test). Lower the chunk size.", { status: 400 });
    }
    if (failNextCalls > 0) {
      failNextCalls -= 1;
      throw new Error("embedding server unreachable (test)");
    }
    return embedder.embedDocuments(texts);
  },
  embedQuery: (text) => embedder.embedQuery(text),
};

beforeAll(async () => {
  worker = await startWorker({ databaseUrl: db.url, prisma: db.prisma, embedder: workerEmbedder });
});
// Before the database stops: afterAll hooks run in reverse order, so this one runs before useTestDatabase's.
afterAll(async () => {
  await worker?.stop();
});

async function waitForJob(jobId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    if (job.status === "succeeded" || job.status === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Documents, versions and chunks stored for a source (to prove there are no duplicates). */
async function countsFor(source: string) {
  const docs = await db.prisma.document.findMany({ where: { source }, select: { id: true, status: true } });
  const ids = docs.map((d) => d.id);
  return {
    documents: docs.length,
    ready: docs.filter((d) => d.status === "ready").length,
    versions: await db.prisma.documentVersion.count({ where: { documentId: { in: ids } } }),
    chunks: await db.prisma.chunk.count({ where: { documentId: { in: ids } } }),
  };
}

describe("ingestion jobs", () => {
  it("runs an upload on the worker: good files indexed and searchable, the bad one reported, counters right", async () => {
    const source = `s-${randomUUID()}`;
    const boss = await getJobQueue(db.prisma);
    const { jobId } = await enqueueIngestion(db.prisma, boss, {
      source,
      tags: ["handbook"],
      files: [
        textFile("leave.md", policyPage("zebrafinch")),
        textFile("hours.txt", "Opening hours\n\nThe office opens at nine for the wombatcrew."),
        textFile("empty.md", "   \n"),
      ],
    });
    const queued = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(queued).toMatchObject({ kind: "import", filesTotal: 3, queueJobId: jobId });

    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ status: "succeeded", filesTotal: 3, filesDone: 2, filesFailed: 1 });
    expect(job.chunksTotal).toBeGreaterThan(1);
    expect(job.chunksEmbedded).toBe(job.chunksTotal);
    expect(job.errors).toEqual([expect.objectContaining({ code: "EMPTY", file: "empty.md" })]);
    expect(job.startedAt).toBeInstanceOf(Date);
    expect(job.finishedAt).toBeInstanceOf(Date);
    // The uploaded bytes are deleted once the job is over; names and sizes stay.
    expect(await db.prisma.ingestionUploadPart.count({ where: { jobId } })).toBe(0);
    expect(job.input).toEqual({
      source,
      tags: ["handbook"],
      files: [
        { name: "leave.md", size: expect.any(Number) },
        { name: "hours.txt", size: expect.any(Number) },
        { name: "empty.md", size: 4 },
      ],
    });

    expect(await countsFor(source)).toEqual({ documents: 2, ready: 2, versions: 2, chunks: job.chunksTotal });
    const hits = await search(db.prisma, { query: "zebrafinch", userId: null }, { embedder });
    expect(hits[0]?.title).toBe("Policy zebrafinch");

    // Running a finished job again does nothing.
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "skipped" });
  });

  it.each([1, INDEXING_CONCURRENCY])(
    "resumes after a crash mid-file without duplicate documents, versions, chunks or counts (%i at a time)",
    async (concurrency) => {
      const source = `s-${randomUUID()}`;
      const jsonl = [
        JSON.stringify({ id: "kb-1", title: "VPN", text: "Install the ibisclient and sign in with SSO." }),
        JSON.stringify({ id: "kb-2", title: "Printer", text: "The printer on floor 3 needs your ibisbadge." }),
      ].join("\n");
      // A queue job id that is never sent: this test drives the handler itself, as a dying worker would.
      const { jobId } = await enqueueIngestion(db.prisma, { send: async () => randomUUID() } as unknown as PgBoss, {
        source,
        files: [
          textFile("a.md", policyPage("ibisone")),
          textFile("records.jsonl", jsonl),
          textFile("c.txt", "Third file about the ibisthree topic."),
        ],
      });

      // The embedder dies on kb-2: the worker "crashes" inside records.jsonl. One at a time, a.md and kb-1 are
      // done by then and c.txt not started; several at a time, c.txt may be done too, but not counted: it comes
      // after the unfinished file.
      const dying: Embedder = {
        ...workerEmbedder,
        embedDocuments: async (t) =>
          t.some((x) => x.includes("ibisbadge")) ? Promise.reject(new Error("killed")) : embedder.embedDocuments(t),
        embedQuery: (q) => embedder.embedQuery(q),
      };
      await expect(runIngestionJob(db.prisma, jobId, { embedder: dying, concurrency })).rejects.toThrow("killed");
      const mid = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(mid).toMatchObject({ status: "running", filesDone: 1, filesFailed: 0 });
      const midDocuments = (await countsFor(source)).documents;
      if (concurrency === 1)
        expect(midDocuments).toBe(2); // a.md and kb-1
      else expect([2, 3]).toContain(midDocuments);

      // The retry (pg-boss would run it after the heartbeat lapses) finishes the job.
      expect(await runIngestionJob(db.prisma, jobId, { embedder, concurrency })).toEqual({ status: "succeeded" });
      const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
      const counts = await countsFor(source);
      expect(counts).toEqual({ documents: 4, ready: 4, versions: 4, chunks: expect.any(Number) });
      expect(job).toMatchObject({ status: "succeeded", filesTotal: 3, filesDone: 3, filesFailed: 0, errors: [] });
      // kb-1 was indexed by the first attempt and found "unchanged" by the second: still counted, exactly once.
      expect(job.chunksTotal).toBe(counts.chunks);
      expect(job.chunksEmbedded).toBe(counts.chunks);
      expect(job.startedAt!.getTime()).toBe(mid.startedAt!.getTime());
    },
  );

  it("is retried by the queue when the embedder fails, and completes without duplicates", async () => {
    const source = `s-${randomUUID()}`;
    failNextCalls = 1;
    const { jobId } = await enqueueIngestion(db.prisma, await getJobQueue(db.prisma), {
      source,
      files: [textFile("one.md", policyPage("pelicanone")), textFile("two.md", policyPage("pelicantwo"))],
    });
    const job = await waitForJob(jobId, 90_000);
    expect(failNextCalls).toBe(0);
    expect(job).toMatchObject({ status: "succeeded", filesDone: 2, filesFailed: 0 });
    const counts = await countsFor(source);
    expect(counts).toMatchObject({ documents: 2, versions: 2 });
    expect(job.chunksEmbedded).toBe(counts.chunks);
    expect(await queueJobEnded(worker.boss, INGEST_QUEUE, jobId)).toMatchObject({ state: "completed", retryCount: 1 });
  });

  it("reindexes a document: a new version with the same content and fresh chunks; old ones kept", async () => {
    const source = `s-${randomUUID()}`;
    const boss = await getJobQueue(db.prisma);
    const first = await waitForJob(
      (await enqueueIngestion(db.prisma, boss, { source, files: [textFile("r.md", policyPage("heronone"))] })).jobId,
    );
    expect(first.status).toBe("succeeded");
    const doc = await db.prisma.document.findFirstOrThrow({ where: { source } });
    const { jobId } = await enqueueReindex(db.prisma, boss, { documentId: doc.id });
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ kind: "reindex", status: "succeeded", filesDone: 1, chunksEmbedded: first.chunksTotal });
    const after = await db.prisma.document.findUniqueOrThrow({ where: { id: doc.id }, include: { currentVersion: true } });
    expect(after.currentVersion?.version).toBe(2);
    expect(after.contentHash).toBe(doc.contentHash);
    expect(await countsFor(source)).toMatchObject({ documents: 1, versions: 2, chunks: 2 * first.chunksTotal });
  });

  it("a record whose id cannot be stored is that record's error, not the job's: the rest of the upload is imported", async () => {
    const source = `s-${randomUUID()}`;
    const records = [
      { id: "kb-\u0000-nul", text: "A NUL in the id, which Postgres text cannot hold." },
      { id: "kb-fine", text: "The gannetline policy applies." },
    ];
    const { jobId } = await enqueueIngestion(db.prisma, await getJobQueue(db.prisma), {
      source,
      files: [textFile("kb.jsonl", records.map((r) => JSON.stringify(r)).join("\n")), textFile("after.md", policyPage("puffinrow"))],
    });
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ status: "succeeded", filesDone: 2, filesFailed: 0 });
    expect(job.errors).toEqual([
      expect.objectContaining({ code: "INVALID_RECORD", file: "kb.jsonl", message: expect.stringContaining("kb-\\u0000-nul") }),
    ]);
    const docs = await db.prisma.document.findMany({ where: { source }, select: { externalId: true }, orderBy: { externalId: "asc" } });
    expect(docs.map((d) => d.externalId)).toEqual(["after", "kb-fine"]);
  });

  it("a document the embedding server refuses (too long for its model) is that file's error; the others are imported", async () => {
    const source = `s-${randomUUID()}`;
    const { jobId } = await enqueueIngestion(db.prisma, await getJobQueue(db.prisma), {
      source,
      files: [textFile("refused.md", policyPage("toolongforthemodel")), textFile("fine.md", policyPage("cormorantway"))],
    });
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ status: "succeeded", filesDone: 1, filesFailed: 1 });
    expect(job.errors).toEqual([
      { code: "EMBEDDING_REJECTED", file: "refused.md", message: expect.stringContaining("longer than the model accepts") },
    ]);
    expect((await db.prisma.document.findMany({ where: { source }, select: { externalId: true } })).map((d) => d.externalId)).toEqual([
      "fine",
    ]);
  });

  it("a document the database refuses is that file's error, with nothing of it left; a MB-long title is cut, not refused", async () => {
    const source = `s-${randomUUID()}`;
    // The database refuses the chunks of one document (a data exception, as a value past one of its limits
    // raises): after the document row and its version are written, so the clean-up is exercised too.
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_test_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.text LIKE '%shagrefused%' THEN RAISE EXCEPTION 'value too long for the test' USING ERRCODE = '22001'; END IF; RETURN NEW; END $$`);
    await db.prisma.$executeRawUnsafe(
      "CREATE TRIGGER refuse_test_chunk BEFORE INSERT ON chunks FOR EACH ROW EXECUTE FUNCTION refuse_test_chunk()",
    );
    try {
      const longTitle = Array.from({ length: 150_000 }, (_, i) => `w${i}`).join(" "); // ~1 MB of distinct words
      const records = [
        { id: "kb-refused", title: "Refused", text: "The shagrefused rule." },
        { id: "kb-long-title", title: longTitle, text: "The grebeline rule." },
      ];
      const { jobId } = await enqueueIngestion(db.prisma, await getJobQueue(db.prisma), {
        source,
        files: [textFile("kb.jsonl", records.map((r) => JSON.stringify(r)).join("\n")), textFile("after.md", policyPage("petrelway"))],
      });
      const job = await waitForJob(jobId);
      expect(job).toMatchObject({ status: "succeeded", filesDone: 2, filesFailed: 0 });
      expect(job.errors).toEqual([
        {
          code: "REFUSED_BY_DATABASE",
          file: "kb.jsonl",
          externalId: "kb-refused",
          message:
            '"kb.jsonl" (id "kb-refused") could not be stored: the database refused its content (value too long for the test). Shorten or split it, then import it again.',
        },
      ]);
      const docs = await db.prisma.document.findMany({
        where: { source },
        select: { externalId: true, title: true },
        orderBy: { externalId: "asc" },
      });
      expect(docs.map((d) => d.externalId)).toEqual(["after", "kb-long-title"]);
      expect(docs[1]!.title.length).toBeLessThanOrEqual(300);
      expect(docs[1]!.title).toMatch(/^w0 w1 w2 .*…$/);
      expect(await countsFor(source)).toMatchObject({ documents: 2, versions: 2 });
    } finally {
      await db.prisma.$executeRawUnsafe("DROP TRIGGER refuse_test_chunk ON chunks");
      await db.prisma.$executeRawUnsafe("DROP FUNCTION refuse_test_chunk()");
    }
  });

  it("an import that brings its embedding size past the vector index threshold builds the index", async () => {
    const dims = embedder.dimensions;
    expect(await readVectorIndex(db.prisma, dims)).toBeNull();
    const present = await db.prisma.chunk.count({ where: { embeddingDims: dims } });
    await addSyntheticRows(db.prisma, VECTOR_INDEX_MIN_ROWS - present - 1, dims);
    const job = await waitForJob(
      (
        await enqueueIngestion(db.prisma, await getJobQueue(db.prisma), {
          source: `s-${randomUUID()}`,
          files: [textFile("k.md", policyPage("kittiwakeone"))],
        })
      ).jobId,
    );
    expect(job).toMatchObject({ status: "succeeded", chunksEmbedded: 1 });
    // Sized right after the job is marked done, by the worker that ran it.
    await expect
      .poll(() => readVectorIndex(db.prisma, dims), { timeout: 30_000 })
      .toEqual({ name: vectorIndexName(dims), lists: 32, valid: true });
  });

  it("rejects bad requests before queueing anything", async () => {
    const boss = await getJobQueue(db.prisma);
    const before = await db.prisma.ingestionJob.count();
    await expect(enqueueIngestion(db.prisma, boss, { files: [] })).rejects.toMatchObject({ code: "NO_FILES" });
    await expect(
      enqueueIngestion(db.prisma, boss, { files: [textFile("a.md", "x".repeat(2000))], maxFileBytes: 1000 }),
    ).rejects.toBeInstanceOf(IngestionRequestError);
    await expect(enqueueIngestion(db.prisma, boss, { files: [textFile("a.md", "x")], groups: ["no-such-group"] })).rejects.toMatchObject({
      code: "UNKNOWN_GROUP",
    });
    for (const name of ["nul\u0000.md", "   ", "x".repeat(256)]) {
      await expect(enqueueIngestion(db.prisma, boss, { files: [textFile("fine.md", "x"), textFile(name, "x")] })).rejects.toMatchObject({
        code: "INVALID_NAME",
        message: expect.stringMatching(/is not a usable file name.*no control characters/),
      });
    }
    await expect(enqueueReindex(db.prisma, boss, { documentId: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.prisma.ingestionJob.count()).toBe(before);
  });
});
