import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../../embed/index";
import { makeZip } from "../../testing/file-builders";
import { cancelIngestionJob, enqueueIngestion, listActiveJobs, listJobFiles, runIngestionJob } from "..";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

/** A queue that accepts the job and never runs it: these tests run the job themselves. */
const heldQueue = { send: async () => randomUUID(), cancel: async () => {} } as unknown as PgBoss;
const text = (s: string) => new TextEncoder().encode(s);

const rowsOf = async (jobId: string) =>
  (await listJobFiles(db.prisma, { jobId })).items.map((f) => ({
    ordinal: f.ordinal,
    name: f.name,
    stage: f.stage,
    documents: f.documents,
    errorCode: f.errorCode,
  }));

describe("per-file stages of an import job", () => {
  it("queues every uploaded file, then ends each ready or failed (with the reason), a zip's entries in rows of their own", async () => {
    const source = `files-${randomUUID()}`;
    const zip = await makeZip([
      { name: "wiki/one.md", data: "# One\n\nThe first wiki page about herons." },
      { name: "wiki/two.md", data: "# Two\n\nThe second wiki page about egrets." },
    ]);
    const files = [
      { name: "pages/hr/leave.md", bytes: text("# Leave\n\nAnnual leave is twenty-five days.") },
      { name: "pages/broken.pdf", bytes: text("%PDF-1.7\nthis is not a PDF at all") },
      { name: "export.zip", bytes: new Uint8Array(zip) },
    ];
    const { jobId } = await enqueueIngestion(db.prisma, heldQueue, { source, files, partBytes: 1000 });
    expect((await rowsOf(jobId)).map((r) => [r.ordinal, r.name, r.stage])).toEqual([
      [0, "pages/hr/leave.md", "queued"],
      [1, "pages/broken.pdf", "queued"],
      [2, "export.zip", "queued"],
    ]);
    expect((await listActiveJobs(db.prisma)).find((j) => j.id === jobId)?.stages).toEqual({ queued: 3 });

    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "succeeded" });
    const rows = await rowsOf(jobId);
    expect(rows.map((r) => [r.ordinal, r.name, r.stage, r.documents])).toEqual([
      [0, "pages/hr/leave.md", "ready", 1],
      [1, "pages/broken.pdf", "failed", 0],
      [2, "export.zip", "ready", 2],
      [3, "export.zip/wiki/one.md", "ready", 1],
      [4, "export.zip/wiki/two.md", "ready", 1],
    ]);
    const broken = (await listJobFiles(db.prisma, { jobId })).items[1]!;
    expect(broken.errorCode).toBeTruthy();
    expect(broken.errorMessage).toMatch(/broken\.pdf/);
    // The folder's inner path is the id: pages/hr/leave.md → hr/leave.
    const doc = await db.prisma.document.findFirst({ where: { source, externalId: "hr/leave" }, select: { id: true } });
    expect(doc).not.toBeNull();

    // Running it again (a retry after the end) changes nothing.
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "skipped" });
    expect(await rowsOf(jobId)).toEqual(rows);
  });

  it("marks the files a cancelled job never reached as not imported", async () => {
    const source = `files-${randomUUID()}`;
    const files = [{ name: "a.md", bytes: text("# A\n\nAlpha.") }];
    const { jobId } = await enqueueIngestion(db.prisma, heldQueue, { source, files, partBytes: 1000 });
    await cancelIngestionJob(db.prisma, heldQueue, jobId, { id: "files-admin", email: "admin@test.lore" });
    const [row] = (await listJobFiles(db.prisma, { jobId })).items;
    expect(row).toMatchObject({ stage: "failed", errorCode: "CANCELED" });
  });
});
