import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "@lore/core/embed";
import { startWorker, type Worker } from "@lore/core/jobs";
import { errorCode, useHarness, type Harness } from "../../test/harness";

const h = useHarness();
let worker: Worker;
beforeAll(async () => {
  // The worker registers its queue for this Prisma client, so `documents.upload` enqueues through it.
  worker = await startWorker({ databaseUrl: h.url, prisma: h.db, embedder: createHashingEmbedder() });
});
afterAll(async () => {
  await worker?.stop();
});

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

type Caller = Awaited<ReturnType<Harness["callerFor"]>>;

async function waitForJob(caller: Caller, id: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await caller.documents.jobs.get({ id });
    if (job.status === "succeeded" || job.status === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("documents", () => {
  it("upload → job progress → list, get, versions, chunks; setAccess decides who can view; delete removes", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const member = await h.createUser();
    const group = await h.db.group.create({ data: { id: randomUUID(), name: `hr-${Date.now()}` } });
    await h.db.groupMembership.create({ data: { userId: member.id, groupId: group.id } });
    const adminCaller = await h.callerFor(admin.cookie);
    const word = `kestrel${Date.now()}`;

    const { jobId } = await adminCaller.documents.upload({
      files: [
        { name: "leave.md", data: b64(`# Leave ${word}\n\n## Parental leave\n\nEmployees get ${word} weeks of leave.\n`) },
        { name: "broken.pdf", data: b64("not really a pdf") },
      ],
      tags: ["handbook"],
    });
    const job = await waitForJob(adminCaller, jobId);
    expect(job).toMatchObject({
      kind: "import",
      status: "succeeded",
      filesTotal: 2,
      filesDone: 1,
      filesFailed: 1,
      fileNames: ["leave.md", "broken.pdf"],
    });
    expect(job.chunksEmbedded).toBeGreaterThan(0);
    expect(job.errors).toEqual([expect.objectContaining({ file: "broken.pdf" })]);
    expect((await adminCaller.documents.jobs.list({})).items.map((j) => j.id)).toContain(jobId);

    const listed = await adminCaller.documents.list({ query: word.toUpperCase(), tag: "handbook", status: "ready" });
    expect(listed.items).toHaveLength(1);
    const doc = listed.items[0]!;
    expect(doc).toMatchObject({ title: `Leave ${word}`, source: "upload", groups: [], currentVersion: { version: 1 } });
    expect(await adminCaller.documents.get({ id: doc.id })).toMatchObject({
      id: doc.id,
      versionCount: 1,
      chunkCount: job.chunksTotal,
      createdBy: { id: admin.id },
    });
    const versions = (await adminCaller.documents.versions({ id: doc.id })).items;
    expect(versions).toEqual([expect.objectContaining({ version: 1, isCurrent: true, chunkCount: job.chunksTotal })]);
    const chunks = await adminCaller.documents.chunks({ versionId: versions[0]!.id });
    expect(chunks.items.map((c) => c.ordinal)).toEqual([...Array(job.chunksTotal).keys()]);
    expect(chunks.items.some((c) => c.text.includes(word) && c.headingPath.includes("Parental leave"))).toBe(true);

    // Public: every employee can view it.
    const employeeCaller = await h.callerFor(employee.cookie);
    const memberCaller = await h.callerFor(member.cookie);
    expect(await employeeCaller.documents.view({ id: doc.id })).toMatchObject({
      id: doc.id,
      version: { number: 1 },
      content: expect.stringContaining(word),
    });

    // Restricted to the group: members only; others get NOT_FOUND, the same as for a document that does not exist.
    expect(await adminCaller.documents.setAccess({ id: doc.id, groups: [group.name], tags: ["handbook", "hr"] })).toMatchObject({
      groups: [{ id: group.id, name: group.name }],
      tags: ["handbook", "hr"],
    });
    expect(await errorCode(employeeCaller.documents.view({ id: doc.id }))).toBe("NOT_FOUND");
    expect(await errorCode(employeeCaller.documents.view({ id: "no-such-document" }))).toBe("NOT_FOUND");
    // A NUL, which PostgreSQL text cannot hold: refused as bad input, not a server error.
    expect(await errorCode(employeeCaller.documents.view({ id: "doc\u0000" }))).toBe("BAD_REQUEST");
    expect(await errorCode(adminCaller.documents.list({ cursor: "2026-01-01T00:00:00.000Z_x\u0000" }))).toBe("BAD_REQUEST");
    expect(await errorCode(adminCaller.documents.list({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
    expect(await errorCode(adminCaller.documents.view({ id: doc.id }))).toBe("NOT_FOUND"); // admins read by membership too
    expect((await memberCaller.documents.view({ id: doc.id })).content).toContain(word);
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: "document.access_changed", targetId: doc.id } });
    expect(audit).toMatchObject({ actorId: admin.id, data: { before: { groups: [] }, after: { groups: [group.name] } } });
    expect(await errorCode(adminCaller.documents.setAccess({ id: doc.id, groups: ["no-such-group"] }))).toBe("BAD_REQUEST");

    // A new version uploaded without groups or tags keeps the document's: it stays restricted.
    const edited = `# Leave ${word}\n\n## Parental leave\n\nEmployees get ${word} weeks of leave, and a week more.\n`;
    expect(
      await waitForJob(adminCaller, (await adminCaller.documents.upload({ files: [{ name: "leave.md", data: b64(edited) }] })).jobId),
    ).toMatchObject({
      status: "succeeded",
      filesDone: 1,
    });
    expect(await adminCaller.documents.get({ id: doc.id })).toMatchObject({
      versionCount: 2,
      groups: [{ name: group.name }],
      tags: ["handbook", "hr"],
    });
    expect(await errorCode(employeeCaller.documents.view({ id: doc.id }))).toBe("NOT_FOUND");
    expect((await memberCaller.documents.view({ id: doc.id })).content).toContain("a week more");

    // Public again: an upload that says so (groups: []), or setAccess.
    await waitForJob(
      adminCaller,
      (await adminCaller.documents.upload({ files: [{ name: "leave.md", data: b64(edited) }], groups: [] })).jobId,
    );
    expect((await employeeCaller.documents.view({ id: doc.id })).id).toBe(doc.id);
    await adminCaller.documents.setAccess({ id: doc.id, groups: [group.name] });
    await adminCaller.documents.setAccess({ id: doc.id, groups: [] });
    expect((await employeeCaller.documents.view({ id: doc.id })).id).toBe(doc.id);

    // Reindex: a new version, same content.
    const reindex = await adminCaller.documents.reindex({ id: doc.id });
    expect(await waitForJob(adminCaller, reindex.jobId)).toMatchObject({ kind: "reindex", status: "succeeded", documentId: doc.id });
    expect((await adminCaller.documents.versions({ id: doc.id })).items.map((v) => [v.version, v.isCurrent])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    // In pages: newest first, each continuing where the last ended.
    const first = await adminCaller.documents.versions({ id: doc.id, limit: 2 });
    expect(first.items.map((v) => v.version)).toEqual([3, 2]);
    const rest = await adminCaller.documents.versions({ id: doc.id, limit: 2, beforeVersion: first.nextBeforeVersion! });
    expect(rest).toMatchObject({ items: [expect.objectContaining({ version: 1 })], nextBeforeVersion: null });

    // Delete: gone for everyone, audited.
    await adminCaller.documents.delete({ id: doc.id });
    expect(await errorCode(adminCaller.documents.get({ id: doc.id }))).toBe("NOT_FOUND");
    expect(await errorCode(employeeCaller.documents.view({ id: doc.id }))).toBe("NOT_FOUND");
    expect(await h.db.chunk.count({ where: { documentId: doc.id } })).toBe(0);
    expect(await h.db.auditLog.count({ where: { action: "document.deleted", targetId: doc.id } })).toBe(1);
    expect(await errorCode(adminCaller.documents.delete({ id: doc.id }))).toBe("NOT_FOUND");
  });

  it("validates uploads: size, names, groups", async () => {
    const admin = await h.createUser("admin");
    const caller = await h.callerFor(admin.cookie);
    const before = await h.db.ingestionJob.count();
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 97).toString("base64");
    expect(await errorCode(caller.documents.upload({ files: [{ name: "big.txt", data: big }] }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.documents.upload({ files: [] }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.documents.upload({ files: [{ name: "a.txt", data: "not base64!" }] }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.documents.upload({ files: [{ name: "a.txt", data: b64("hello") }], groups: ["no-such-group"] }))).toBe(
      "BAD_REQUEST",
    );
    const nul = await caller.documents.upload({ files: [{ name: "a\u0000.txt", data: b64("hello") }] }).catch((e: unknown) => e);
    expect(nul).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("A file name must not contain control characters") });
    expect(await errorCode(caller.documents.upload({ files: [{ name: "a.txt", data: b64("hello") }], tags: ["bell\u0007"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await h.db.ingestionJob.count()).toBe(before);
  });

  it("jobs.cancel stops a job: complete documents stay, the job is canceled and audited; an ended job is CONFLICT", async () => {
    const admin = await h.createUser("admin");
    const caller = await h.callerFor(admin.cookie);
    const word = `heron${Date.now()}`;
    const files = Array.from({ length: 30 }, (_, i) => ({
      name: `page-${i}.md`,
      data: b64(`# Page ${i} ${word}\n\nThe ${word} rule number ${i}.\n`),
    }));
    const { jobId } = await caller.documents.upload({ files });
    const canceled = await caller.documents.jobs.cancel({ id: jobId });
    expect(canceled).toMatchObject({ id: jobId, status: "canceled", filesTotal: 30, finishedAt: expect.any(Date) });
    expect(canceled.filesDone).toBeLessThan(30);
    expect((await caller.documents.jobs.cancel({ id: jobId })).status).toBe("canceled"); // again: no-op
    expect(await h.db.auditLog.count({ where: { action: "ingestion_job.canceled", targetId: jobId, actorId: admin.id } })).toBe(1);

    // Whatever the worker had indexed is complete (the document it was on is finished first); nothing is half-done.
    const deadline = Date.now() + 10_000;
    let docs = await h.db.document.findMany({ where: { createdById: admin.id }, select: { status: true, currentVersionId: true } });
    while (docs.some((d) => d.status !== "ready" || d.currentVersionId === null) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      docs = await h.db.document.findMany({ where: { createdById: admin.id }, select: { status: true, currentVersionId: true } });
    }
    expect(docs.length).toBeLessThan(30);
    expect(docs.every((d) => d.status === "ready" && d.currentVersionId !== null)).toBe(true);

    const finished = await caller.documents.upload({ files: [{ name: "done.md", data: b64(`# Done ${word}\n\nFinished.\n`) }] });
    expect((await waitForJob(caller, finished.jobId)).status).toBe("succeeded");
    expect(await errorCode(caller.documents.jobs.cancel({ id: finished.jobId }))).toBe("CONFLICT");
    expect(await errorCode(caller.documents.jobs.cancel({ id: "no-such-job" }))).toBe("NOT_FOUND");
  });

  it("employees cannot use the admin procedures; documents.view needs a session", async () => {
    const employee = await h.createUser();
    const caller = await h.callerFor(employee.cookie);
    expect(await errorCode(caller.documents.list({}))).toBe("FORBIDDEN");
    expect(await errorCode(caller.documents.upload({ files: [{ name: "a.txt", data: b64("x") }] }))).toBe("FORBIDDEN");
    expect(await errorCode(caller.documents.jobs.list({}))).toBe("FORBIDDEN");
    expect(await errorCode(caller.documents.jobs.cancel({ id: "x" }))).toBe("FORBIDDEN");
    expect(await errorCode((await h.callerFor()).documents.view({ id: "x" }))).toBe("UNAUTHORIZED");
  });
});
