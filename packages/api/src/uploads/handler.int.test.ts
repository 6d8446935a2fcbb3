// POST /api/uploads through the handler the admin app's route exports, with real requests (multipart bodies that
// stream), the real auth and a real database. LORE_MAX_FILE_MB=2 here, so a file past the limit stays small.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getJobQueue, unregisterJobQueue } from "@lore/core/queue";
import { useHarness } from "../../test/harness";
import { createUploadHandler } from "./handler";

vi.hoisted(() => {
  vi.stubEnv("LORE_MAX_FILE_MB", "2");
});

const ADMIN_URL = "http://localhost:3001";
const MB = 1024 * 1024;

const h = useHarness();
let queue: Awaited<ReturnType<typeof getJobQueue>> | undefined;
let handle: (request: Request) => Promise<Response>;
beforeAll(async () => {
  // The handler enqueues on the queue registered for its Prisma client: a producer on the test database.
  queue = await getJobQueue(h.db, h.url);
  handle = createUploadHandler({ auth: h.auth, origin: ADMIN_URL, db: h.db });
});
afterAll(async () => {
  if (queue) {
    unregisterJobQueue(h.db);
    await queue.stop({ graceful: false });
  }
  vi.unstubAllEnvs();
});

interface Sent {
  fields?: Record<string, string>;
  files?: { name: string; bytes: Uint8Array; field?: string }[];
  cookie?: string;
  origin?: string | null;
}

/** A multipart form as a browser's FormData sends it (fields first, then files), streamed as the request body. */
function formRequest({ fields = {}, files = [], cookie, origin = ADMIN_URL }: Sent): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append(file.field ?? "files", new Blob([Buffer.from(file.bytes)]), file.name);
  const headers = new Headers();
  if (origin !== null) headers.set("origin", origin);
  if (cookie) headers.set("cookie", cookie);
  return new Request(`${ADMIN_URL}/api/uploads`, { method: "POST", headers, body: form });
}

async function send(sent: Sent): Promise<{ status: number; body: { jobId?: string; error?: { code: string; message: string } } }> {
  const response = await handle(formRequest(sent));
  return { status: response.status, body: (await response.json()) as { jobId?: string; error?: { code: string; message: string } } };
}

/** The stored bytes of each of the job's `count` files, put back together from their parts. */
async function storedFiles(jobId: string, count: number): Promise<Buffer[]> {
  const rows = await h.db.ingestionUploadPart.findMany({ where: { jobId }, orderBy: [{ fileIndex: "asc" }, { partIndex: "asc" }] });
  return Array.from({ length: count }, (_, index) => Buffer.concat(rows.filter((r) => r.fileIndex === index).map((r) => r.bytes)));
}

/** Compared by digest: a deep equality of megabytes byte by byte takes seconds. */
const digest = (bytes: Uint8Array) => `${bytes.byteLength} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`;

const jobsOf = (userId: string) => h.db.ingestionJob.count({ where: { createdById: userId } });

describe("POST /api/uploads", () => {
  it("streams a multi-file upload into a queued job whose parts hold exactly the bytes sent", async () => {
    const admin = await h.createUser("admin");
    const group = `uploads-${Date.now()}`;
    await h.db.group.create({ data: { id: randomUUID(), name: group } });
    const files = [
      { name: "handbook.pdf", bytes: randomBytes(2 * MB - 1) },
      { name: "empty.md", bytes: Buffer.alloc(0) },
      { name: "notes – été.md", bytes: Buffer.from("# Notes\n\nThe upload route streams.\n") },
      { name: "wiki.zip", bytes: randomBytes(MB / 2 + 1) },
    ];
    const { status, body } = await send({
      cookie: admin.cookie,
      fields: { groups: JSON.stringify([group]), tags: JSON.stringify(["handbook"]) },
      files,
    });
    expect(status).toBe(200);
    const jobId = body.jobId!;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);

    const job = await h.db.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({
      kind: "import",
      status: "queued",
      queueJobId: jobId,
      filesTotal: 4,
      createdById: admin.id,
      input: {
        source: "upload",
        groups: [group],
        tags: ["handbook"],
        files: files.map((f) => ({ name: f.name, size: f.bytes.byteLength })),
      },
    });
    expect((await storedFiles(jobId, files.length)).map(digest)).toEqual(files.map((f) => digest(f.bytes)));
    // In 1 MB parts: two for the first file, none for the empty one, one each for the others.
    const parts = await h.db.ingestionUploadPart.findMany({ where: { jobId }, select: { fileIndex: true, partIndex: true } });
    expect(parts.map((p) => [p.fileIndex, p.partIndex]).sort()).toEqual([
      [0, 0],
      [0, 1],
      [2, 0],
      [3, 0],
    ]);
  });

  it("refuses a file past the limit with 413, naming it, and leaves no job and no parts (the files before it included)", async () => {
    const admin = await h.createUser("admin");
    const partsBefore = await h.db.ingestionUploadPart.count();
    const { status, body } = await send({
      cookie: admin.cookie,
      files: [
        { name: "fine.md", bytes: randomBytes(MB) },
        { name: "huge.bin", bytes: randomBytes(2 * MB + 1) },
        { name: "after.md", bytes: randomBytes(10) },
      ],
    });
    expect(status).toBe(413);
    expect(body.error).toEqual({ code: "TOO_LARGE", message: '"huge.bin" is larger than the 2 MB limit per file.' });
    expect(await jobsOf(admin.id)).toBe(0);
    expect(await h.db.ingestionUploadPart.count()).toBe(partsBefore);
  });

  it("refuses the signed-out (401), non-admins (403), and any other origin or none (403), before reading the form", async () => {
    const employee = await h.createUser();
    const admin = await h.createUser("admin");
    const files = [{ name: "a.md", bytes: new TextEncoder().encode("# A\n") }];
    expect(await send({ files })).toEqual({ status: 401, body: { error: { code: "UNAUTHORIZED", message: "Sign in to continue." } } });
    expect(await send({ files, cookie: employee.cookie })).toEqual({
      status: 403,
      body: { error: { code: "FORBIDDEN", message: "This needs the admin role." } },
    });
    for (const origin of [
      null,
      "null",
      "https://evil.example",
      "http://localhost:3000",
      "http://localhost:3001.evil.example",
      "not a url",
    ]) {
      const { status, body } = await send({ files, cookie: admin.cookie, origin });
      expect(status, String(origin)).toBe(403);
      expect(body.error).toEqual({ code: "FORBIDDEN", message: expect.stringMatching(/admin console's own pages only/) });
    }
    expect(await jobsOf(admin.id)).toBe(0);
    expect(await jobsOf(employee.id)).toBe(0);

    // Refused before a byte of the body is read.
    let pulled = false;
    const refused = await handle(
      new Request(`${ADMIN_URL}/api/uploads`, {
        method: "POST",
        headers: { origin: ADMIN_URL, cookie: employee.cookie, "content-type": "multipart/form-data; boundary=x" },
        body: new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 }), // pulled only when read
        duplex: "half",
      } as RequestInit),
    );
    expect(refused.status).toBe(403);
    expect(pulled).toBe(false);
  });

  it("explains what is wrong with the form, and stores nothing", async () => {
    const admin = await h.createUser("admin");
    const file = { name: "a.md", bytes: new TextEncoder().encode("# A\n") };
    const cases: [Sent, number, string, RegExp][] = [
      [{ files: [] }, 400, "NO_FILES", /^Choose at least one file/],
      [{ fields: { groups: JSON.stringify(["no-such-group"]) }, files: [file] }, 400, "UNKNOWN_GROUP", /^Unknown group: "no-such-group"/],
      [{ fields: { groups: "hr" }, files: [file] }, 400, "BAD_REQUEST", /"groups" must be a JSON array of strings/],
      [{ fields: { groups: JSON.stringify(["Not A Group"]) }, files: [file] }, 400, "BAD_REQUEST", /^groups\.0: Use lowercase letters/],
      [{ fields: { colour: "blue" }, files: [file] }, 400, "BAD_REQUEST", /^Unknown form field "colour"/],
      [{ files: [{ ...file, field: "attachment" }] }, 400, "BAD_REQUEST", /under the form field "files", not "attachment"/],
      [{ files: [{ ...file, name: `${"x".repeat(256)}.md` }] }, 400, "INVALID_NAME", /is not a usable file name/],
    ];
    for (const [sent, status, code, message] of cases) {
      expect(await send({ ...sent, cookie: admin.cookie }), JSON.stringify(sent.fields ?? sent.files?.[0]?.name)).toEqual({
        status,
        body: { error: { code, message: expect.stringMatching(message) } },
      });
    }

    // A field after a file (the fields must come first, so nothing is stored for an upload they would refuse).
    const boundary = "lore-test-boundary";
    const raw = [
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.md"\r\nContent-Type: text/markdown\r\n\r\n# A\n\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="tags"\r\n\r\n["late"]\r\n`,
      `--${boundary}--\r\n`,
    ].join("");
    const late = await handle(
      new Request(`${ADMIN_URL}/api/uploads`, {
        method: "POST",
        headers: { origin: ADMIN_URL, cookie: admin.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
        body: raw,
      }),
    );
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({ error: { code: "BAD_REQUEST", message: 'Put the form field "tags" before the files.' } });

    // Not a multipart form at all.
    const json = await handle(
      new Request(`${ADMIN_URL}/api/uploads`, {
        method: "POST",
        headers: { origin: ADMIN_URL, cookie: admin.cookie, "content-type": "application/json" },
        body: JSON.stringify({ files: [] }),
      }),
    );
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual({
      error: { code: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringMatching(/multipart\/form-data/) },
    });
    expect(await jobsOf(admin.id)).toBe(0);
  });

  it("an upload cut short mid-file (the connection dropped) is refused with 400, leaving no job and no parts", async () => {
    const admin = await h.createUser("admin");
    const partsBefore = await h.db.ingestionUploadPart.count();
    const boundary = "lore-cut-boundary";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cut.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        else if (sent <= 24)
          controller.enqueue(randomBytes(64 * 1024)); // 1.5 MB of the file: a part stored, then…
        else controller.error(new Error("socket hang up"));
        sent += 1;
      },
    });
    const response = await handle(
      new Request(`${ADMIN_URL}/api/uploads`, {
        method: "POST",
        headers: { origin: ADMIN_URL, cookie: admin.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "BAD_REQUEST", message: expect.stringMatching(/cut short before its end/) } });
    expect(await jobsOf(admin.id)).toBe(0);
    expect(await h.db.ingestionUploadPart.count()).toBe(partsBefore);
  });

  it("stores a file exactly as documents.upload (base64 JSON) stores it: both end in the same core function", async () => {
    const admin = await h.createUser("admin");
    const bytes = randomBytes(MB + 12_345);
    const streamed = await send({ cookie: admin.cookie, fields: { tags: JSON.stringify(["same"]) }, files: [{ name: "same.bin", bytes }] });
    const caller = await h.callerFor(admin.cookie);
    const posted = await caller.documents.upload({ files: [{ name: "same.bin", data: bytes.toString("base64") }], tags: ["same"] });

    const jobs = await h.db.ingestionJob.findMany({
      where: { id: { in: [streamed.body.jobId!, posted.jobId] } },
      select: { input: true, filesTotal: true },
    });
    expect(jobs).toHaveLength(2);
    expect(jobs[0]).toEqual(jobs[1]);
    expect((await storedFiles(streamed.body.jobId!, 1)).map(digest)).toEqual([digest(bytes)]);
    expect((await storedFiles(posted.jobId, 1)).map(digest)).toEqual([digest(bytes)]);
  });
});
