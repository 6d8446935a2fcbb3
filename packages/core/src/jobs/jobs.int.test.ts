import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { recordAudit } from "../audit/record";
import { runMaintenance } from "./maintenance";
import { INGEST_QUEUE, getJobQueue } from "../queue/queue";
import { queueJobEnded } from "../testing/jobs";
import { createTestUser } from "../testing/users";
import { QUEUES, startWorker } from "./worker";

const db = useTestDatabase();

async function makeUser() {
  return (await createTestUser(db.prisma, { name: "Jobs Test" })).id;
}

describe("maintenance", () => {
  it("removes expired sessions, verifications, stale rate-limit counters, interrupted uploads and leftover upload bytes, and nothing else", async () => {
    const userId = await makeUser();
    const now = new Date();
    const past = new Date(now.getTime() - 60_000);
    const future = new Date(now.getTime() + 3_600_000);
    await db.prisma.session.createMany({
      data: [
        { id: randomUUID(), token: randomUUID(), userId, expiresAt: past },
        { id: "live-session", token: randomUUID(), userId, expiresAt: future },
      ],
    });
    await db.prisma.verification.createMany({
      data: [
        { id: randomUUID(), identifier: "a", value: "x", expiresAt: past },
        { id: "live-verification", identifier: "b", value: "y", expiresAt: future },
      ],
    });
    await db.prisma.rateLimit.createMany({
      data: [
        { id: randomUUID(), key: "old", count: 3, lastRequest: BigInt(now.getTime() - 2 * 86_400_000) },
        { id: "fresh-limit", key: "fresh", count: 1, lastRequest: BigInt(now.getTime()) },
      ],
    });

    // Uploads, each with a stored part "abc": an interrupted one (queued, never sent, two hours old, 3 of its 10
    // bytes stored), one still being written (a minute old), one sent to the queue long ago (waiting behind
    // others), one whose bytes are all there though its queue id was never recorded (it may be queued), ended
    // jobs whose parts were left behind, and an old reindex job (no upload) never sent.
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const upload = (size: number) => ({ kind: "import", input: { source: "upload", files: [{ name: "a.md", size }] } });
    await db.prisma.ingestionJob.createMany({
      data: [
        { ...upload(10), id: "interrupted", status: "queued", createdAt: hoursAgo(2) },
        { ...upload(10), id: "uploading", status: "queued", createdAt: hoursAgo(1 / 60) },
        { ...upload(3), id: "waiting", status: "queued", queueJobId: "waiting", createdAt: hoursAgo(5) },
        { ...upload(3), id: "complete", status: "queued", createdAt: hoursAgo(5) },
        { ...upload(3), id: "ended", status: "succeeded", queueJobId: "ended", createdAt: hoursAgo(1) },
        { ...upload(3), id: "canceled", status: "canceled", queueJobId: "canceled", createdAt: hoursAgo(1) },
        { kind: "reindex", input: { documentId: "d" }, id: "reindex", status: "queued", createdAt: hoursAgo(5) },
      ],
    });
    const bytes = new TextEncoder().encode("abc");
    for (const jobId of ["interrupted", "uploading", "waiting", "complete", "ended", "canceled"]) {
      await db.prisma.ingestionUploadPart.createMany({ data: [{ jobId, fileIndex: 0, partIndex: 0, bytes }] });
    }

    expect(await runMaintenance(db.prisma, now)).toEqual({
      expiredSessions: 1,
      expiredVerifications: 1,
      staleRateLimits: 1,
      purgedConversations: 0,
      interruptedUploads: 1,
      deletedUploadParts: 3,
      lostJobs: 0,
      unsentJobs: 0,
      relinkedJobs: 0,
      abandonedDocuments: 0,
      abandonedVersions: 0,
      rebuiltSearchIndexes: [],
    });
    expect((await db.prisma.session.findMany()).map((s) => s.id)).toEqual(["live-session"]);
    expect((await db.prisma.verification.findMany()).map((v) => v.id)).toEqual(["live-verification"]);
    expect((await db.prisma.rateLimit.findMany()).map((r) => r.id)).toEqual(["fresh-limit"]);
    const jobs = await db.prisma.ingestionJob.findMany({ select: { id: true, status: true, errors: true }, orderBy: { id: "asc" } });
    expect(jobs.map((j) => [j.id, j.status])).toEqual([
      ["canceled", "canceled"],
      ["complete", "queued"],
      ["ended", "succeeded"],
      ["interrupted", "failed"],
      ["reindex", "queued"],
      ["uploading", "queued"],
      ["waiting", "queued"],
    ]);
    expect(jobs.find((j) => j.id === "interrupted")?.errors).toEqual([
      expect.objectContaining({ code: "UPLOAD_INTERRUPTED", message: expect.stringMatching(/upload the files again/) }),
    ]);
    const parts = await db.prisma.ingestionUploadPart.findMany({ select: { jobId: true }, orderBy: { jobId: "asc" } });
    expect(parts.map((p) => p.jobId)).toEqual(["complete", "uploading", "waiting"]);
    expect(await runMaintenance(db.prisma, now)).toEqual({
      expiredSessions: 0,
      expiredVerifications: 0,
      staleRateLimits: 0,
      purgedConversations: 0,
      interruptedUploads: 0,
      deletedUploadParts: 0,
      lostJobs: 0,
      unsentJobs: 0,
      relinkedJobs: 0,
      abandonedDocuments: 0,
      abandonedVersions: 0,
      rebuiltSearchIndexes: [],
    });
    // And the search tables were vacuumed and analysed (the embedded server has no autovacuum).
    const stats = await db.prisma.$queryRaw<{ relname: string; vacuumed: boolean; analysed: boolean }[]>`
      SELECT relname, last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analysed
      FROM pg_stat_user_tables WHERE relname IN ('chunk_terms', 'chunks') ORDER BY relname`;
    expect(stats).toEqual([
      { relname: "chunk_terms", vacuumed: true, analysed: true },
      { relname: "chunks", vacuumed: true, analysed: true },
    ]);
  });
});

describe("job rows against the queue", () => {
  it("ends the rows whose queue job ended without them or was never sent, and leaves live ones alone", async () => {
    await db.prisma.ingestionJob.deleteMany({});
    const boss = await getJobQueue(db.prisma, db.url);
    const now = new Date();
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const id = () => randomUUID();
    const ids = {
      lost: id(),
      gone: id(),
      alive: id(),
      unlinked: id(),
      unsent: id(),
      youngUnsent: id(),
      recent: id(),
      reembed: id(),
      reindex: id(),
    };

    // A queue job whose worker died on its last attempt: the supervisor failed it, no handler ran.
    await boss.send(INGEST_QUEUE, { ingestionJobId: ids.lost }, { id: ids.lost, retryLimit: 0 });
    const [taken] = await boss.fetch(INGEST_QUEUE);
    expect(taken?.id).toBe(ids.lost);
    await boss.fail(INGEST_QUEUE, ids.lost, { message: "heartbeat lost (test)" });
    expect((await boss.findJobs(INGEST_QUEUE, { id: ids.lost }))[0]?.state).toBe("failed");
    // Queue jobs still waiting to run.
    await boss.send(INGEST_QUEUE, { ingestionJobId: ids.alive }, { id: ids.alive, startAfter: 3600 });
    await boss.send(INGEST_QUEUE, { ingestionJobId: ids.unlinked }, { id: ids.unlinked, startAfter: 3600 });

    const upload = { kind: "import", input: { source: "upload", files: [{ name: "a.md", size: 3 }] } };
    const rows: [string, "queued" | "running", string | null, Date, string?][] = [
      [ids.lost, "running", ids.lost, ago(120)],
      [ids.gone, "running", ids.gone, ago(120)], // its queue job was deleted (or never existed)
      [ids.alive, "queued", ids.alive, ago(120)],
      [ids.unlinked, "queued", null, ago(120)], // sent, but the queue id was never recorded
      [ids.unsent, "queued", null, ago(120)], // the process died before sending it
      [ids.youngUnsent, "queued", null, ago(30)], // may still be storing its upload
      [ids.recent, "running", ids.recent, ago(1)], // made progress a minute ago
      [ids.reembed, "running", ids.reembed, ago(120), "reembed"],
      [ids.reindex, "queued", null, ago(120), "reindex"], // never sent
    ];
    for (const [jobId, status, queueJobId, at, kind] of rows) {
      const input = kind === "reembed" ? { from: "a", to: "b", dimensions: 384 } : kind === "reindex" ? { documentId: "d" } : upload.input;
      await db.prisma.ingestionJob.create({ data: { kind: kind ?? upload.kind, input, id: jobId, status, queueJobId, createdAt: at } });
      await db.prisma.$executeRaw`UPDATE ingestion_jobs SET updated_at = ${at} WHERE id = ${jobId}`;
    }
    await db.prisma.ingestionUploadPart.create({
      data: { jobId: ids.lost, fileIndex: 0, partIndex: 0, bytes: new TextEncoder().encode("abc") },
    });

    const result = await runMaintenance(db.prisma, now, boss);
    expect(result).toMatchObject({ lostJobs: 3, unsentJobs: 2, relinkedJobs: 1, deletedUploadParts: 1 });
    expect(result.reconcileError).toBeUndefined();
    const after = new Map(
      (await db.prisma.ingestionJob.findMany({ select: { id: true, status: true, queueJobId: true, errors: true } })).map((j) => [j.id, j]),
    );
    for (const key of ["lost", "gone", "reembed"] as const) {
      expect(after.get(ids[key]), key).toMatchObject({
        status: "failed",
        errors: [expect.objectContaining({ code: "JOB_LOST", message: expect.stringMatching(/stopped for good/) })],
      });
    }
    expect(after.get(ids.unsent)).toMatchObject({ status: "failed", errors: [expect.objectContaining({ code: "UPLOAD_INTERRUPTED" })] });
    expect(after.get(ids.reindex)).toMatchObject({
      status: "failed",
      errors: [expect.objectContaining({ code: "NOT_SENT", message: expect.stringMatching(/start it again/) })],
    });
    expect(after.get(ids.reembed)?.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/resumes the build/) })]);
    expect(after.get(ids.unlinked)).toMatchObject({ status: "queued", queueJobId: ids.unlinked });
    for (const key of ["alive", "youngUnsent", "recent"] as const)
      expect(after.get(ids[key])?.status, key).toBe(rows.find((r) => r[0] === ids[key])![1]);
    expect(await db.prisma.ingestionUploadPart.count({ where: { jobId: ids.lost } })).toBe(0);
    // Nothing left to do the second time.
    expect(await runMaintenance(db.prisma, now, boss)).toMatchObject({ lostJobs: 0, unsentJobs: 0, relinkedJobs: 0 });
    await boss.cancel(INGEST_QUEUE, [ids.alive, ids.unlinked]);
  });
});

describe("job worker (pg-boss on the embedded server)", () => {
  it("runs a queued maintenance job to completion and stops cleanly", async () => {
    const userId = await makeUser();
    await db.prisma.session.create({ data: { id: randomUUID(), token: randomUUID(), userId, expiresAt: new Date(Date.now() - 1000) } });
    const logs: string[] = [];
    const worker = await startWorker({ databaseUrl: db.url, prisma: db.prisma, log: (m) => logs.push(m) });
    try {
      const jobId = await worker.boss.send(QUEUES.maintenance, {});
      expect(jobId).toBeTruthy();
      expect((await queueJobEnded(worker.boss, QUEUES.maintenance, jobId!)).state).toBe("completed");
      expect(await db.prisma.session.count({ where: { userId } })).toBe(0);
      expect(logs.some((l) => l.startsWith("maintenance:"))).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});

describe("audit log", () => {
  it("records an entry with its actor and data", async () => {
    const userId = await makeUser();
    await recordAudit(db.prisma, {
      actor: { id: userId, email: "a@test.lore" },
      action: "test.done",
      targetType: "thing",
      targetId: "t1",
      data: { n: 1 },
    });
    const entry = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "test.done" } });
    expect(entry).toMatchObject({ actorId: userId, actorEmail: "a@test.lore", targetType: "thing", targetId: "t1", data: { n: 1 } });
  });
});
