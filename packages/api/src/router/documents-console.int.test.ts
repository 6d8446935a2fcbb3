import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "@lore/core/embed";
import { startWorker, type Worker } from "@lore/core/jobs";
import { errorCode, useHarness, type Harness } from "../../test/harness";

const h = useHarness();
let worker: Worker;
beforeAll(async () => {
  worker = await startWorker({ databaseUrl: h.url, prisma: h.db, embedder: createHashingEmbedder() });
});
afterAll(async () => {
  await worker?.stop();
});

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
type Caller = Awaited<ReturnType<Harness["callerFor"]>>;

async function waitForFiles(caller: Caller, id: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const files = await caller.documents.jobs.files({ id });
    if (files.job.status === "succeeded" || files.job.status === "failed") return files;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${files.job.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("documents in the admin console", () => {
  it("follows a folder upload file by file, lists it by tag and title, diffs versions; employees are refused", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    const tag = `console-${Date.now()}`;
    // A folder's files, with the same base name in two subfolders: the paths inside the folder keep them apart.
    const { jobId } = await caller.documents.upload({
      files: [
        { name: "wiki/hr/faq.md", data: b64(`# HR FAQ ${tag}\n\nHolidays are booked in the portal.`) },
        { name: "wiki/it/faq.md", data: b64(`# IT FAQ ${tag}\n\nPasswords are reset at the desk.`) },
        { name: "wiki/broken.pdf", data: b64("not a pdf") },
      ],
      tags: [tag],
    });
    const files = await waitForFiles(caller, jobId);
    expect(files.items.map((f) => [f.name, f.stage])).toEqual([
      ["wiki/hr/faq.md", "ready"],
      ["wiki/it/faq.md", "ready"],
      ["wiki/broken.pdf", "failed"],
    ]);
    expect(files.items[2]!.errorMessage).toMatch(/broken\.pdf/);
    expect((await caller.documents.jobs.active({})).some((j) => j.id === jobId)).toBe(true);

    const list = await caller.documents.list({ tag, sort: "title", dir: "desc" });
    expect(list.items.map((d) => [d.title, d.externalId])).toEqual([
      [`IT FAQ ${tag}`, "it/faq"],
      [`HR FAQ ${tag}`, "hr/faq"],
    ]);
    const firstPage = await caller.documents.list({ tag, sort: "title", limit: 1 });
    const secondPage = await caller.documents.list({ tag, sort: "title", limit: 1, cursor: firstPage.nextCursor! });
    expect([...firstPage.items, ...secondPage.items].map((d) => d.externalId)).toEqual(["hr/faq", "it/faq"]);
    expect(await errorCode(caller.documents.list({ updatedAfter: new Date(2), updatedBefore: new Date(1) }))).toBe("BAD_REQUEST");

    // A second version of one page, then what changed.
    const { jobId: again } = await caller.documents.upload({
      files: [{ name: "wiki/hr/faq.md", data: b64(`# HR FAQ ${tag}\n\nHolidays are booked with your manager.`) }],
    });
    await waitForFiles(caller, again);
    const hr = list.items[1]!;
    const versions = await caller.documents.versions({ id: hr.id });
    expect(versions.items).toHaveLength(2);
    const diff = await caller.documents.versionDiff({
      id: hr.id,
      fromVersionId: versions.items[1]!.id,
      toVersionId: versions.items[0]!.id,
    });
    expect(
      diff.hunks
        .flatMap((x) => x.lines)
        .filter((l) => l.kind !== "context")
        .map((l) => [l.kind, l.text]),
    ).toEqual([
      ["removed", "Holidays are booked in the portal."],
      ["added", "Holidays are booked with your manager."],
    ]);
    expect((await caller.documents.citingAnswers({ id: hr.id })).items).toEqual([]);

    const employeeCaller = await h.callerFor(employee.cookie);
    expect(await errorCode(employeeCaller.documents.jobs.files({ id: jobId }))).toBe("FORBIDDEN");
    expect(await errorCode(employeeCaller.documents.jobs.active({}))).toBe("FORBIDDEN");
    expect(await errorCode(employeeCaller.documents.versionDiff({ id: hr.id, fromVersionId: "a", toVersionId: "b" }))).toBe("FORBIDDEN");
    expect(await errorCode(employeeCaller.documents.citingAnswers({ id: hr.id }))).toBe("FORBIDDEN");
  });
});
