/**
 * Changing the embedding model, end to end on a real (embedded) database: the re-embedding job run step by
 * step (its `onBatch` hook acts in the middle of the job), crashed and resumed, raced by ingestion, and run by
 * the worker itself after it notices the changed settings.
 *
 * Each test has a database of its own and starts by building the state it needs (the pages, the active model,
 * earlier switches): none relies on what another left, so they pass in any order and one at a time.
 */
import pgvector from "pgvector";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder, type Embedder } from "../../embed/index";
import { getActiveEmbedder, readEmbeddingModels } from "./models";
import { chunkContextText, chunkDocument } from "../../ingest/chunk";
import { buildVectorIndex } from "../search-indexes/vector-index-upkeep";
import { deleteDocument } from "..";
import { acceptingQueue, hashing } from "../../testing/embedding-models";
import { addSyntheticRows } from "../../testing/synthetic-rows";
import { search } from "../../retrieve/index";
import { ivfLists, readVectorIndex, vectorIndexName } from "../search-indexes/vector-index";
import { enqueueIngestion, runIngestionJob } from "..";
import { REEMBED_JOB_KIND, getEmbeddingStatus, runReembedJob, startReembedding } from "..";
import { QUEUES, startWorker } from "../../jobs/worker";

/** A queue that accepts every job without running it: these tests run the job themselves, as the worker would. */
const queue = acceptingQueue;

/** A fresh database for every test. */
const db = useTestDatabase({ perTest: true });

/** A page long enough for several chunks (sections of ~300 tokens), so batches and partial progress are real. */
const md = (word: string) =>
  [
    `# Policy ${word}`,
    `## Rules\n\nEmployees follow the ${word} rules when they travel, buy equipment or book rooms.`,
    ...["Scope", "Approvals", "Exceptions"].map(
      (section) =>
        `## ${section}\n\n${Array.from({ length: 20 }, (_, i) => `Clause ${i + 1} of the ${section.toLowerCase()} part explains what the ${word} policy expects in that case.`).join(" ")}`,
    ),
  ].join("\n\n") + "\n";

/** Uploads files through the real ingestion job (as the admin console does), with the embedder the worker would use. */
async function upload(files: { name: string; text: string }[], embedder?: Embedder) {
  const { jobId } = await enqueueIngestion(db.prisma, await queue(), {
    files: files.map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.text) })),
  });
  expect(await runIngestionJob(db.prisma, jobId, { embedder: embedder ?? (await getActiveEmbedder(db.prisma)) })).toEqual({
    status: "succeeded",
  });
}

async function topTitle(query: string, embedder: Embedder, mode: "vector" | "hybrid" = "vector"): Promise<string | undefined> {
  return (await search(db.prisma, { query, userId: null, mode, k: 3 }, { embedder }))[0]?.title;
}

/** Chunk rows of every current version, per model. */
async function currentChunksByModel(): Promise<Record<string, number>> {
  const rows = await db.prisma.$queryRaw<{ model: string; n: number }[]>`
    SELECT c.embedding_model AS model, count(*)::int AS n FROM documents d JOIN chunks c ON c.document_version_id = d.current_version_id
    GROUP BY 1 ORDER BY 1`;
  return Object.fromEntries(rows.map((r) => [r.model, r.n]));
}

/** How many chunks each current version must have: what the chunker makes of its content. */
async function expectedCurrentChunks(): Promise<number> {
  const versions = await db.prisma.documentVersion.findMany({
    where: { currentOf: { isNot: null } },
    select: { title: true, content: true },
  });
  let n = 0;
  for (const v of versions) n += (await chunkDocument({ title: v.title, text: v.content })).length;
  return n;
}

async function reembedJobs() {
  return db.prisma.ingestionJob.findMany({ where: { kind: REEMBED_JOB_KIND }, orderBy: { createdAt: "asc" } });
}

/** The catalog id of the vector index for `dimensions`: a new one for each build. */
async function indexOid(dimensions: number): Promise<number> {
  const [row] = await db.prisma.$queryRawUnsafe<{ oid: number }[]>(`SELECT '${vectorIndexName(dimensions)}'::regclass::oid::int AS oid`);
  return row!.oid;
}

/**
 * Where most tests start: three pages, and a superseded version of one (its chunks stay, for citations, and are not
 * re-embedded), indexed with the first model, which has `dimensions` dimensions.
 */
async function pagesIndexedWith(dimensions: number): Promise<void> {
  await getActiveEmbedder(db.prisma, { config: hashing(dimensions) }); // the first model becomes active
  await upload([
    { name: "travel.md", text: md("narwhal") },
    { name: "equipment.md", text: md("pangolin") },
    { name: "rooms.md", text: md("axolotl") },
  ]);
  await upload([{ name: "rooms.md", text: `${md("axolotl")}\nRooms are booked a week ahead.\n` }]);
}

/**
 * Rows of 256 dimensions already indexed (the 256 model's, of an old version): the index's lists came from other
 * vectors, so a switch to 256 must build it afresh even though its size is right. Returns that index's oid.
 */
async function stale256Index(): Promise<number> {
  await addSyntheticRows(db.prisma, 1100, 256, "hashing-v1-256");
  await buildVectorIndex(db.prisma, 256, ivfLists(1100));
  return indexOid(256);
}

/** Switches the active model to `dimensions` with a re-embedding job run to its end, as the worker would. */
async function switchTo(dimensions: number): Promise<void> {
  const started = await startReembedding(db.prisma, { config: hashing(dimensions), queue });
  if (started.status !== "started") throw new Error(`re-embedding to ${dimensions} not started: ${started.status}`);
  const result = await runReembedJob(db.prisma, started.jobId, { config: hashing(dimensions) });
  if (result.status !== "succeeded") throw new Error(`re-embedding to ${dimensions}: ${result.status}`);
}

/**
 * The state the first test ends in: the pages indexed with 384 dimensions, then switched to 256 over a stale 256
 * index. Returns the stale index's oid.
 */
async function switchedFrom384To256(): Promise<number> {
  await pagesIndexedWith(384);
  const staleIndexOid = await stale256Index();
  await switchTo(256);
  return staleIndexOid;
}

describe("changing the embedding model", () => {
  it("re-embeds every current chunk in the background; search uses the old vectors until the switch, the new ones after", async () => {
    await pagesIndexedWith(384); // 384 is the first model, so it becomes active
    const old = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    const total = await expectedCurrentChunks();
    expect(await currentChunksByModel()).toEqual({ "hashing-v1-384": total });
    // Rows of the new size already indexed (the new model's, of an old version): the switch must build it afresh.
    await stale256Index();
    const superseded = await db.prisma.chunk.count({ where: { documentVersion: { currentOf: null } } });
    expect(superseded).toBeGreaterThan(0);

    // The admin configures 256 dimensions: one job, however often it is asked for.
    const started = await startReembedding(db.prisma, { config: hashing(256), queue, actor: null });
    expect(started).toMatchObject({ status: "started", from: "hashing-v1-384", to: "hashing-v1-256" });
    if (started.status !== "started") throw new Error("not started");
    expect(await startReembedding(db.prisma, { config: hashing(256), queue })).toEqual({ ...started, status: "running" });
    expect(await reembedJobs()).toHaveLength(1);
    expect(await readEmbeddingModels(db.prisma)).toMatchObject({
      active: { id: "hashing-v1-384" },
      building: { id: "hashing-v1-256", jobId: started.jobId },
    });

    const seen: { total: number; embedded: number; active: string; top: string | undefined }[] = [];
    const result = await runReembedJob(db.prisma, started.jobId, {
      config: hashing(256),
      batchSize: 2,
      onBatch: async (progress) => {
        // Mid-job: the settings say 256, the active model is still 384, and search works on its vectors.
        const embedder = await getActiveEmbedder(db.prisma, { config: hashing(256) });
        seen.push({ ...progress, active: embedder.id, top: await topTitle("pangolin", embedder) });
      },
    });
    expect(result).toEqual({ status: "succeeded" });

    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((s) => s.active === "hashing-v1-384" && s.top === "Policy pangolin" && s.total === total)).toBe(true);
    expect(seen.map((s) => s.embedded)).toEqual(seen.map((_, i) => Math.min(total, 2 * (i + 1))));

    // After: the new model serves, every current chunk has its vectors, the old copies are gone.
    const now = await getActiveEmbedder(db.prisma, { config: hashing(256) });
    expect(now).toMatchObject({ id: "hashing-v1-256", dimensions: 256 });
    expect(await topTitle("pangolin", now)).toBe("Policy pangolin");
    expect(await topTitle("axolotl rooms booked", now, "hybrid")).toBe("Policy axolotl");
    expect(await search(db.prisma, { query: "narwhal", userId: null, mode: "vector" }, { embedder: old })).toEqual([]);
    expect(await currentChunksByModel()).toEqual({ "hashing-v1-256": total });
    // The superseded version keeps the retired model's chunks (citations need their text), without their vectors.
    expect(await db.prisma.chunk.count({ where: { documentVersion: { currentOf: null } } })).toBe(superseded);
    const [old384] = await db.prisma.$queryRaw<{ n: number; vectors: number; texts: number }[]>`
      SELECT count(*)::int AS n, count(embedding)::int AS vectors, count(*) FILTER (WHERE text <> '')::int AS texts
      FROM chunks WHERE embedding_model = 'hashing-v1-384'`;
    expect(old384).toEqual({ n: superseded - 1100, vectors: 0, texts: superseded - 1100 });

    // The copies carry the vectors a fresh indexing with the new model would give (same text, same formula).
    const [copy] = await db.prisma.$queryRaw<{ text: string; heading_path: string[]; title: string; embedding: string }[]>`
      SELECT c.text, c.heading_path, v.title, c.embedding::text AS embedding
      FROM chunks c JOIN document_versions v ON v.id = c.document_version_id JOIN documents d ON d.current_version_id = v.id
      WHERE c.ordinal = 1 LIMIT 1`;
    const [fresh] = await createHashingEmbedder({ dimensions: 256 }).embedDocuments([
      chunkContextText(copy!.title, copy!.heading_path, copy!.text),
    ]);
    (pgvector.fromSql(copy!.embedding) as number[]).forEach((x, i) => expect(x).toBeCloseTo(fresh![i]!, 5));

    const [job] = await reembedJobs();
    expect(job).toMatchObject({ status: "succeeded", chunksTotal: total, chunksEmbedded: total, errors: [] });
    expect(await db.prisma.embeddingModel.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true } })).toEqual([
      { id: "hashing-v1-256", state: "active" },
      { id: "hashing-v1-384", state: "retired" },
    ]);
    expect(
      (await db.prisma.auditLog.findMany({ where: { targetType: "embedding_model" }, orderBy: { id: "asc" } })).map((a) => a.action),
    ).toEqual(["embedding.reembed_started", "embedding.model_activated"]);
    expect(await getEmbeddingStatus(db.prisma, { config: hashing(256) })).toMatchObject({
      active: { id: "hashing-v1-256", dimensions: 256 },
      configured: { id: "hashing-v1-256", dimensions: 256 },
      building: null,
      lastJob: { id: started.jobId, status: "succeeded", from: "hashing-v1-384", to: "hashing-v1-256" },
    });
    expect(await startReembedding(db.prisma, { config: hashing(256), queue })).toEqual({ status: "up-to-date", model: "hashing-v1-256" });
  });

  it("built the vector index of the new size afresh after the switch, and search's query can use it", async () => {
    const staleIndexOid = await switchedFrom384To256();
    const index = await readVectorIndex(db.prisma, 256);
    expect(index).toMatchObject({ valid: true, lists: ivfLists(1100 + (await expectedCurrentChunks())) });
    expect(await indexOid(256)).not.toBe(staleIndexOid);
    const vector = pgvector.toSql(await createHashingEmbedder({ dimensions: 256 }).embedQuery("pangolin"));
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`
        EXPLAIN SELECT id FROM chunks c WHERE c.embedding_dims = 256 AND c.embedding_model = 'hashing-v1-256'
        ORDER BY c.embedding::vector(256) <=> ${vector}::vector(256) LIMIT 5`;
    });
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/chunks_embedding_256_ivf_idx/);
  });

  it("resumes after a crash mid-job (and after a job that failed for good) without duplicate chunks", async () => {
    await switchedFrom384To256(); // 256 active, with its vector index
    const total = await expectedCurrentChunks();
    const started = await startReembedding(db.prisma, { config: hashing(128), queue });
    if (started.status !== "started") throw new Error("not started");

    // The worker dies after its second batch.
    let batches = 0;
    const crash = runReembedJob(db.prisma, started.jobId, {
      config: hashing(128),
      batchSize: 2,
      onBatch: () => {
        if (++batches === 2) throw new Error("worker killed (test)");
      },
    });
    await expect(crash).rejects.toThrow("worker killed");
    expect(await currentChunksByModel()).toEqual({ "hashing-v1-256": total, "hashing-v1-128": 4 });
    expect((await reembedJobs()).at(-1)).toMatchObject({ status: "running", chunksEmbedded: 4 });

    // The embedding server then fails on the last attempt pg-boss makes: the job fails for good, the build stays.
    const down = () => Promise.reject(new Error("embedding server down"));
    const dead: Embedder = { id: "hashing-v1-128", dimensions: 128, embedDocuments: down, embedQuery: down };
    await expect(runReembedJob(db.prisma, started.jobId, { embedder: dead, final: true })).rejects.toThrow("embedding server down");
    expect((await reembedJobs()).at(-1)).toMatchObject({
      status: "failed",
      errors: [{ code: "JOB_FAILED", message: "embedding server down" }],
    });
    expect((await getActiveEmbedder(db.prisma)).id).toBe("hashing-v1-256");

    // The next start (worker restart, CLI, console) sends a new job, which picks up where the first stopped.
    const again = await startReembedding(db.prisma, { config: hashing(128), queue });
    expect(again).toMatchObject({ status: "started", to: "hashing-v1-128" });
    if (again.status !== "started") throw new Error("not started");
    const embedded: number[] = [];
    expect(
      await runReembedJob(db.prisma, again.jobId, { config: hashing(128), batchSize: 2, onBatch: (p) => void embedded.push(p.embedded) }),
    ).toEqual({ status: "succeeded" });
    expect(embedded[0]).toBe(6); // 4 were there already

    expect(await currentChunksByModel()).toEqual({ "hashing-v1-128": total });
    const [dupes] = await db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM chunks GROUP BY document_version_id, ordinal, embedding_model HAVING count(*) > 1) x`;
    expect(dupes?.n).toBe(0);
    expect((await reembedJobs()).at(-1)).toMatchObject({ status: "succeeded", chunksTotal: total, chunksEmbedded: total });
    expect((await getActiveEmbedder(db.prisma, { config: hashing(128) })).id).toBe("hashing-v1-128");
    // The 256 model's old version lost its vectors, and its index, which no search of the 128 model reads, is gone.
    expect(await db.prisma.$queryRaw`SELECT count(embedding)::int AS n FROM chunks WHERE embedding_dims = 256`).toEqual([{ n: 0 }]);
    expect(await readVectorIndex(db.prisma, 256)).toBeNull();
  });

  it("documents uploaded, changed or deleted while the job runs are right afterwards", async () => {
    await pagesIndexedWith(128);
    const started = await startReembedding(db.prisma, { config: hashing(200), queue });
    if (started.status !== "started") throw new Error("not started");
    let once = false;
    const during: Record<string, number>[] = [];
    await runReembedJob(db.prisma, started.jobId, {
      config: hashing(200),
      batchSize: 2,
      onBatch: async () => {
        if (once) return;
        once = true;
        // Ingestion with the ACTIVE model (128): a changed page, a new page; and a deletion.
        await upload([
          { name: "travel.md", text: md("narwhal").replace("when they travel", "when they travel by wombatrail") },
          { name: "parking.md", text: md("quetzal") },
        ]);
        const equipment = await db.prisma.document.findFirstOrThrow({ where: { title: "Policy pangolin" } });
        await deleteDocument(db.prisma, equipment.id);
        // Ingestion wrote both models' chunks for what it indexed: the job has nothing to redo for them.
        const parking = await db.prisma.document.findFirstOrThrow({ where: { title: "Policy quetzal" } });
        during.push(
          Object.fromEntries(
            (
              await db.prisma.chunk.groupBy({
                by: ["embeddingModel"],
                where: { documentVersionId: parking.currentVersionId! },
                _count: true,
              })
            ).map((g) => [g.embeddingModel, g._count]),
          ),
        );
        // Search still runs on the active model, and already sees the change.
        expect(await topTitle("wombatrail", await getActiveEmbedder(db.prisma, { config: hashing(200) }), "hybrid")).toBe("Policy narwhal");
      },
    });
    const parkingChunks = (await chunkDocument({ title: "Policy quetzal", text: md("quetzal") })).length;
    expect(during).toEqual([{ "hashing-v1-128": parkingChunks, "hashing-v1-200": parkingChunks }]);

    const now = await getActiveEmbedder(db.prisma, { config: hashing(200) });
    expect(now.id).toBe("hashing-v1-200");
    expect(await currentChunksByModel()).toEqual({ "hashing-v1-200": await expectedCurrentChunks() });
    expect(await topTitle("wombatrail", now)).toBe("Policy narwhal");
    expect(await topTitle("quetzal parking", now)).toBe("Policy quetzal");
    expect((await search(db.prisma, { query: "pangolin", userId: null, k: 10 }, { embedder: now })).map((r) => r.title)).not.toContain(
      "Policy pangolin",
    );
    expect((await reembedJobs()).at(-1)).toMatchObject({ status: "succeeded" });
  });

  it("ingestion that resolved the old model before a switch still gives its document the active model's chunks", async () => {
    await pagesIndexedWith(128);
    await switchTo(200);
    const stale = createHashingEmbedder({ dimensions: 128 }); // the model active before the last switch
    await upload([{ name: "late.md", text: md("okapi") }], stale);
    const now = await getActiveEmbedder(db.prisma, { config: hashing(200) });
    expect(await topTitle("okapi", now)).toBe("Policy okapi");
  });

  it("abandons a build when the settings change again, or go back to the active model", async () => {
    await pagesIndexedWith(200);
    const first = await startReembedding(db.prisma, { config: hashing(96), queue });
    if (first.status !== "started") throw new Error("not started");
    await runReembedJob(db.prisma, first.jobId, {
      config: hashing(96),
      batchSize: 2,
      onBatch: () => Promise.reject(new Error("stop here (test)")),
    }).catch(() => {});
    expect(await db.prisma.chunk.count({ where: { embeddingModel: "hashing-v1-96" } })).toBe(2);

    const second = await startReembedding(db.prisma, { config: hashing(64), queue });
    expect(second).toMatchObject({ status: "started", from: "hashing-v1-200", to: "hashing-v1-64" });
    expect(await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: first.jobId } })).toMatchObject({
      status: "canceled",
      errors: [{ code: "SUPERSEDED" }],
    });
    expect(await db.prisma.chunk.count({ where: { embeddingModel: "hashing-v1-96" } })).toBe(0);
    // The abandoned job, retried by the queue, stops at once and writes nothing.
    expect(await runReembedJob(db.prisma, first.jobId, { config: hashing(96) })).toEqual({ status: "skipped" });

    expect(await startReembedding(db.prisma, { config: hashing(200), queue })).toEqual({ status: "up-to-date", model: "hashing-v1-200" });
    expect(await readEmbeddingModels(db.prisma)).toMatchObject({ active: { id: "hashing-v1-200" }, building: null });
    if (second.status === "started") {
      expect(await runReembedJob(db.prisma, second.jobId, { config: hashing(64) })).toEqual({ status: "skipped" });
    }
  });

  it("the worker notices changed settings when it starts and runs the job on its queue", async () => {
    await pagesIndexedWith(200);
    const logs: string[] = [];
    const worker = await startWorker({ databaseUrl: db.url, prisma: db.prisma, embeddingConfig: hashing(320), log: (m) => logs.push(m) });
    try {
      const deadline = Date.now() + 60_000;
      while ((await getActiveEmbedder(db.prisma, { config: hashing(320) })).id !== "hashing-v1-320") {
        if (Date.now() > deadline) throw new Error(`no switch; worker log:\n${logs.join("\n")}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await worker.stop();
    }
    expect(logs.some((l) => /re-embedding hashing-v1-200 → hashing-v1-320: job .* queued/.test(l))).toBe(true);
    expect(await currentChunksByModel()).toEqual({ "hashing-v1-320": await expectedCurrentChunks() });
    expect((await reembedJobs()).at(-1)).toMatchObject({ status: "succeeded", queueJobId: expect.any(String) });
  });

  it("the worker's hourly maintenance resumes a build whose job failed for good", async () => {
    await pagesIndexedWith(320);
    // A build of another model, whose job the worker finds under way when it starts (so it starts none).
    const first = await startReembedding(db.prisma, { config: hashing(160), queue });
    if (first.status !== "started") throw new Error("not started");
    const logs: string[] = [];
    const worker = await startWorker({ databaseUrl: db.url, prisma: db.prisma, embeddingConfig: hashing(160), log: (m) => logs.push(m) });
    try {
      expect((await readEmbeddingModels(db.prisma)).active?.id).toBe("hashing-v1-320");
      // That job then fails for good (its embedding server stayed down through every retry).
      await db.prisma.ingestionJob.update({ where: { id: first.jobId }, data: { status: "failed", finishedAt: new Date() } });
      await worker.boss.send(QUEUES.maintenance, {});
      const deadline = Date.now() + 60_000;
      while ((await readEmbeddingModels(db.prisma)).active?.id !== "hashing-v1-160") {
        if (Date.now() > deadline) throw new Error(`no switch; worker log:\n${logs.join("\n")}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await worker.stop();
    }
    expect(await currentChunksByModel()).toEqual({ "hashing-v1-160": await expectedCurrentChunks() });
    expect((await reembedJobs()).at(-1)).toMatchObject({ status: "succeeded", input: { from: "hashing-v1-320", to: "hashing-v1-160" } });
  });

  it("setting the model back while its build switches never marks the switched job canceled: a build back starts", async () => {
    await pagesIndexedWith(160);
    const started = await startReembedding(db.prisma, { config: hashing(112), queue });
    if (started.status !== "started") throw new Error("not started");
    // The admin sets the model back to the active one (160) just as the job switches to 112: the switch commits
    // after startReembedding has read the models (a hook on that read lets the job run to its end there).
    let armed = true;
    const racing = db.prisma.$extends({
      query: {
        embeddingModel: {
          async findMany({ args, query }) {
            const rows = await query(args);
            if (armed) {
              armed = false;
              expect(await runReembedJob(db.prisma, started.jobId, { config: hashing(112) })).toEqual({ status: "succeeded" });
            }
            return rows;
          },
        },
      },
    }) as unknown as typeof db.prisma;
    const back = await startReembedding(racing, { config: hashing(160), queue });
    expect(armed).toBe(false);
    // The build it read had switched: its job stays succeeded, and the settings now differ from the active model.
    expect((await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: started.jobId } })).status).toBe("succeeded");
    expect(back).toMatchObject({ status: "started", from: "hashing-v1-112", to: "hashing-v1-160" });
    expect(await readEmbeddingModels(db.prisma)).toMatchObject({ active: { id: "hashing-v1-112" }, building: { id: "hashing-v1-160" } });
    if (back.status !== "started") throw new Error("not started");
    expect(await runReembedJob(db.prisma, back.jobId, { config: hashing(160) })).toEqual({ status: "succeeded" });
    expect(await currentChunksByModel()).toEqual({ "hashing-v1-160": await expectedCurrentChunks() });
  });

  it("a version published just after a switch it did not see gets the new model's chunks before it is current", async () => {
    await pagesIndexedWith(160);
    // What a PostgreSQL server allows: an import reads the models (160 active, 176 building), then a switch
    // commits, then the import publishes. Here a trigger makes a switch (to 144) commit at that very point: when
    // the import renews its claim after giving the version the chunks of the models it read.
    const building = await startReembedding(db.prisma, { config: hashing(176), queue });
    expect(building).toMatchObject({ status: "started" });
    await db.prisma.embeddingModel.create({
      data: { id: "hashing-v1-144", dimensions: 144, provider: "hashing", settings: {}, state: "retired" },
    });
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_switch_behind_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM embedding_models WHERE id = 'hashing-v1-144' AND state = 'active') THEN
          UPDATE embedding_models SET state = 'retired', retired_at = now() WHERE state = 'active';
          UPDATE embedding_models SET state = 'active', activated_at = now(), retired_at = NULL WHERE id = 'hashing-v1-144';
          -- The new model has the version's first chunk only (as when a batch of the build failed): having
          -- some of its chunks is not enough to be published.
          INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, heading_path, token_count, embedding, embedding_model, embedding_dims, tsv)
          SELECT gen_random_uuid()::text, c.document_id, c.document_version_id, c.ordinal, c.text, c.heading_path, c.token_count,
                 (SELECT array_agg(0.1) FROM generate_series(1, 144))::vector, 'hashing-v1-144', 144, c.tsv
          FROM chunks c WHERE c.document_id = NEW.id AND c.embedding_model = 'hashing-v1-160' ORDER BY c.ordinal LIMIT 1;
        END IF;
        RETURN NULL;
      END $$`);
    await db.prisma.$executeRawUnsafe(`
      CREATE TRIGGER test_switch_behind_import AFTER UPDATE OF indexing_until ON documents
      FOR EACH ROW WHEN (NEW.indexing_owner IS NOT NULL) EXECUTE FUNCTION test_switch_behind_import()`);
    try {
      const before = await getActiveEmbedder(db.prisma, { config: hashing(176) });
      expect(before.id).toBe("hashing-v1-160");
      await upload([{ name: "capybara.md", text: md("capybara") }], before);
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER test_switch_behind_import ON documents`);
      await db.prisma.$executeRawUnsafe(`DROP FUNCTION test_switch_behind_import()`);
    }
    const now = await getActiveEmbedder(db.prisma, { config: hashing(176) });
    expect(now.id).toBe("hashing-v1-144");
    const capybara = await db.prisma.document.findFirstOrThrow({ where: { title: "Policy capybara" } });
    const models = await db.prisma.chunk.groupBy({
      by: ["embeddingModel"],
      where: { documentVersionId: capybara.currentVersionId! },
      _count: true,
    });
    const n = (await chunkDocument({ title: "Policy capybara", text: md("capybara") })).length;
    expect(n).toBeGreaterThan(1);
    expect(Object.fromEntries(models.map((m) => [m.embeddingModel, m._count]))).toEqual({
      "hashing-v1-160": n,
      "hashing-v1-176": n,
      "hashing-v1-144": n,
    });
    expect(await topTitle("capybara", now)).toBe("Policy capybara");
  });
});
