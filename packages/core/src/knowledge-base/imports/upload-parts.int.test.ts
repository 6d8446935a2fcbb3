import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../../embed/index";
import { makePdf, makeZip, noise } from "../../testing/file-builders";
import { search } from "../../retrieve/index";
import { base64File, cancelIngestionJob, enqueueIngestion, runIngestionJob, type UploadFile } from "..";
import { INTERRUPTED_UPLOAD_AFTER_MS, readUploadedFile, sweepUploads } from "./upload-parts";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

/** A queue that accepts the job and never runs it: these tests run the handler themselves. */
let sent = 0;
const heldQueue = {
  send: async () => {
    sent += 1;
    return randomUUID();
  },
  cancel: async () => {},
} as unknown as PgBoss;
const admin = { id: "parts-admin", email: "admin@test.lore" };

async function parts(jobId: string) {
  const rows = await db.prisma.$queryRaw<{ file_index: number; part_index: number; size: number }[]>`
    SELECT file_index, part_index, octet_length(bytes) AS size FROM ingestion_upload_parts
    WHERE job_id = ${jobId} ORDER BY file_index, part_index`;
  return rows.map((r) => [r.file_index, r.part_index, r.size]);
}

async function jobsOf(source: string) {
  return db.prisma.$queryRaw<{ id: string }[]>`SELECT id FROM ingestion_jobs WHERE input->>'source' = ${source}`;
}

describe("uploaded files stored in parts", () => {
  it("are written one part per statement and read back byte for byte by the job, then deleted", async () => {
    const source = `parts-${randomUUID()}`;
    // Binary files, so a byte out of place fails their parsing: a PDF and a zip of a page whose last words
    // only a correct final part carries; plus an empty file (no parts) and one exactly two parts long.
    const pdf = await makePdf({ title: "Parts handbook", pages: [["The quokkaparts policy covers every desk."]] });
    const page = `# Stored in parts\n\n${"Filler words for the middle parts. ".repeat(60)}\n\nThe last words are narwhalending.\n`;
    const zip = await makeZip([
      { name: "wiki/page.md", data: page, compress: false },
      { name: "wiki/noise.bin", data: noise(3000) },
    ]);
    const exact = new TextEncoder().encode(`# Exact\n\n${"y".repeat(2000 - 10)}\n`);
    expect(exact.byteLength).toBe(2000);
    const files = [
      { name: "handbook.pdf", bytes: pdf },
      { name: "empty.md", bytes: new Uint8Array() },
      { name: "export.zip", bytes: new Uint8Array(zip) },
      { name: "exact.md", bytes: exact },
    ];
    const { jobId } = await enqueueIngestion(db.prisma, heldQueue, { source, files, partBytes: 1000 });

    const expected = files.flatMap((f, fileIndex) =>
      Array.from({ length: Math.ceil(f.bytes.byteLength / 1000) }, (_, partIndex) => [
        fileIndex,
        partIndex,
        Math.min(1000, f.bytes.byteLength - partIndex * 1000),
      ]),
    );
    expect(expected.filter(([fileIndex]) => fileIndex === 3)).toEqual([
      [3, 0, 1000],
      [3, 1, 1000],
    ]);
    expect(await parts(jobId)).toEqual(expected);
    // One statement (so one transaction) per part.
    const [row] = await db.prisma.$queryRaw<{ transactions: number }[]>`
      SELECT count(DISTINCT xmin::text)::int AS transactions FROM ingestion_upload_parts WHERE job_id = ${jobId}`;
    expect(row?.transactions).toBe(expected.length);
    const stored = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(stored.input).toEqual({ source, files: files.map((f) => ({ name: f.name, size: f.bytes.byteLength })) });
    for (const [index, f] of files.entries()) {
      const back = await readUploadedFile(db.prisma, jobId, { index, name: f.name, size: f.bytes.byteLength });
      expect(Buffer.from(back).equals(Buffer.from(f.bytes))).toBe(true);
    }

    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "succeeded" });
    const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    // handbook.pdf, export.zip/wiki/page.md, exact.md; empty.md and the zip's binary entry are reported.
    expect(job).toMatchObject({ status: "succeeded", filesDone: 3 });
    expect(job.errors).toEqual(expect.arrayContaining([expect.objectContaining({ file: "empty.md", code: "EMPTY" })]));
    for (const word of ["quokkaparts", "narwhalending"]) {
      const hits = await search(db.prisma, { query: word, userId: null, filters: { sources: [source] } }, { embedder });
      expect(hits[0]?.text).toContain(word);
    }
    expect(await parts(jobId)).toEqual([]);
  });

  it("a database error while writing a part leaves no job and no parts behind", async () => {
    const source = `parts-fail-${randomUUID()}`;
    // A real failure from the database, on the second part of a 777-byte part size only (no other test uses it).
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION fail_second_part() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.part_index = 1 AND octet_length(NEW.bytes) = 777 THEN RAISE EXCEPTION 'disk full (test)'; END IF;
        RETURN NEW;
      END $$`);
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_second_part BEFORE INSERT ON ingestion_upload_parts FOR EACH ROW EXECUTE FUNCTION fail_second_part()`,
    );
    try {
      const partsBefore = await db.prisma.ingestionUploadPart.count();
      await expect(
        enqueueIngestion(db.prisma, heldQueue, {
          source,
          files: [{ name: "big.md", bytes: new TextEncoder().encode("# Big\n\n" + "z".repeat(3000)) }],
          partBytes: 777,
        }),
      ).rejects.toThrow(/disk full \(test\)/);
      expect(await jobsOf(source)).toEqual([]);
      expect(await db.prisma.ingestionUploadPart.count()).toBe(partsBefore);
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER fail_second_part ON ingestion_upload_parts`);
      await db.prisma.$executeRawUnsafe(`DROP FUNCTION fail_second_part()`);
    }
  });

  it("a cancel while the parts are written stops the writing: nothing is stored, nothing is queued", async () => {
    const source = `parts-cancel-${randomUUID()}`;
    // The cancel arrives while the second part (of a 555-byte part size, used by no other test) is written.
    let jobId = "";
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION cancel_during_upload() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.part_index = 1 AND octet_length(NEW.bytes) = 555 THEN
          UPDATE ingestion_jobs SET status = 'canceled' WHERE id = NEW.job_id;
        END IF;
        RETURN NEW;
      END $$`);
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER cancel_during_upload BEFORE INSERT ON ingestion_upload_parts FOR EACH ROW EXECUTE FUNCTION cancel_during_upload()`,
    );
    const sentBefore = sent;
    try {
      const big = (word: string) => ({ name: `${word}.md`, bytes: new TextEncoder().encode(`# ${word}\n\n${"w".repeat(2000)}\n`) });
      ({ jobId } = await enqueueIngestion(db.prisma, heldQueue, { source, files: [big("first"), big("second")], partBytes: 555 }));
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER cancel_during_upload ON ingestion_upload_parts`);
      await db.prisma.$executeRawUnsafe(`DROP FUNCTION cancel_during_upload()`);
    }
    expect(await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "canceled" });
    expect(await parts(jobId)).toEqual([]);
    expect(sent).toBe(sentBefore);
  });

  it("a cancel deletes the stored parts of a queued job, also when repeated", async () => {
    const { jobId } = await enqueueIngestion(db.prisma, heldQueue, {
      source: `parts-c-${randomUUID()}`,
      files: [{ name: "a.md", bytes: new TextEncoder().encode("# A\n\nabc\n") }],
    });
    expect((await parts(jobId)).length).toBe(1);
    await cancelIngestionJob(db.prisma, heldQueue, jobId, admin);
    expect(await parts(jobId)).toEqual([]);
    // Parts that outlived a first cancel (it stopped half-way) go with the next one.
    await db.prisma.ingestionUploadPart.createMany({ data: [{ jobId, fileIndex: 0, partIndex: 0, bytes: new Uint8Array([1]) }] });
    await cancelIngestionJob(db.prisma, heldQueue, jobId, admin);
    expect(await parts(jobId)).toEqual([]);
  });

  it.each([
    ["a part in the middle", { fileIndex: 1, partIndex: 1 }],
    ["the last part", { fileIndex: 1, partIndex: 2 }],
    ["every part of the file", { fileIndex: 1 }],
  ])("a job missing %s of a file fails at once, naming the file and what to do, and imports nothing", async (_, missing) => {
    const source = `parts-missing-${randomUUID()}`;
    const files = [
      { name: "fine.md", bytes: new TextEncoder().encode("# Fine\n\nThe fine page about walruswhole.\n") },
      { name: "broken.md", bytes: new TextEncoder().encode(`# Broken\n\n${"x".repeat(2500)}\n`) },
    ];
    const { jobId } = await enqueueIngestion(db.prisma, heldQueue, { source, files, partBytes: 1000 });
    expect((await db.prisma.ingestionUploadPart.deleteMany({ where: { jobId, ...missing } })).count).toBeGreaterThan(0);

    // Not thrown (a retry cannot bring the bytes back): failed for good, on the first attempt.
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "failed" });
    const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "failed", filesDone: 0 });
    expect(job.errors).toEqual([
      { code: "UPLOAD_MISSING", file: "broken.md", message: expect.stringMatching(/"broken\.md".*incomplete or gone; upload it again/) },
    ]);
    expect(await db.prisma.document.count({ where: { source } })).toBe(0);
    expect(await parts(jobId)).toEqual([]);
  });

  it("the job reads each file when it reaches it: one whose bytes go missing after the start fails the job there", async () => {
    const source = `parts-lazy-${randomUUID()}`;
    const text = (name: string) => new TextEncoder().encode(`# ${name}\n\nThe ${name} page about lazyreadwalrus.\n`);
    const files = ["first.md", "second.md", "third.md"].map((name) => ({ name, bytes: text(name) }));
    const { jobId } = await enqueueIngestion(db.prisma, heldQueue, { source, files, partBytes: 16 });
    // Watches the job's reads, and removes the second file's bytes just before its first part is read: as a
    // delete from outside the job would, after the job's start-up check found them all there.
    const reads: number[] = [];
    const watched = db.prisma.$extends({
      query: {
        ingestionUploadPart: {
          async findUnique({ args, query }) {
            const { fileIndex, partIndex } = args.where.jobId_fileIndex_partIndex!;
            if (partIndex === 0) reads.push(fileIndex);
            if (fileIndex === 1 && partIndex === 0) await db.prisma.ingestionUploadPart.deleteMany({ where: { jobId, fileIndex: 1 } });
            return query(args);
          },
        },
      },
    }) as unknown as typeof db.prisma;

    expect(await runIngestionJob(watched, jobId, { embedder })).toEqual({ status: "failed" });
    expect(reads).toEqual([0, 1]); // the third file was never read
    const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "failed", filesDone: 1, filesFailed: 0 });
    expect(job.errors).toEqual([
      { code: "UPLOAD_MISSING", file: "second.md", message: expect.stringMatching(/"second\.md".*upload it again/) },
    ]);
    const imported = await db.prisma.document.findMany({ where: { source }, select: { externalId: true } });
    expect(imported.map((d) => d.externalId)).toEqual(["first"]);
    expect(await parts(jobId)).toEqual([]);
  });

  describe("files streamed as they arrive", () => {
    /** `bytes` in pieces of 1 to `max` bytes (seeded), each piece a fresh copy as a socket would hand it over. */
    function* pieces(bytes: Uint8Array, max: number, seed: number): Generator<Uint8Array> {
      let state = seed;
      for (let offset = 0; offset < bytes.byteLength;) {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        const size = 1 + (state % max);
        yield bytes.slice(offset, offset + size);
        offset += size;
      }
    }
    /** The files one after another, as a multipart request brings them; `pulled` counts what was read. */
    function streamed(files: { name: string; bytes: Uint8Array }[], max = 700) {
      const pulled = { bytes: 0, files: 0 };
      async function* count(bytes: Uint8Array, seed: number): AsyncGenerator<Uint8Array> {
        for (const piece of pieces(bytes, max, seed)) {
          pulled.bytes += piece.byteLength;
          yield piece;
        }
      }
      async function* all(): AsyncGenerator<UploadFile> {
        for (const [index, file] of files.entries()) {
          pulled.files += 1;
          yield { name: file.name, chunks: count(file.bytes, index + 1) };
        }
      }
      return { files: all(), pulled };
    }

    it("are stored part by part whatever the size of the pieces, and listed with their sizes once complete", async () => {
      const source = `parts-stream-${randomUUID()}`;
      const files = [
        { name: "a.bin", bytes: noise(2500) },
        { name: "empty.md", bytes: new Uint8Array() },
        { name: "exact.bin", bytes: noise(2000) },
        { name: "b.bin", bytes: noise(999) },
      ];
      const { files: stream } = streamed(files);
      const { jobId } = await enqueueIngestion(db.prisma, heldQueue, { source, files: stream, partBytes: 1000 });

      expect(await parts(jobId)).toEqual([
        [0, 0, 1000],
        [0, 1, 1000],
        [0, 2, 500],
        [2, 0, 1000],
        [2, 1, 1000],
        [3, 0, 999],
      ]);
      const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(job).toMatchObject({
        status: "queued",
        filesTotal: 4,
        input: { source, files: files.map((f) => ({ name: f.name, size: f.bytes.byteLength })) },
      });
      for (const [index, f] of files.entries()) {
        const back = await readUploadedFile(db.prisma, jobId, { index, name: f.name, size: f.bytes.byteLength });
        expect(Buffer.from(back).equals(Buffer.from(f.bytes))).toBe(true);
      }
    });

    it.each([
      ["a file past the per-file limit", { maxFileBytes: 3000 }, /^"big\.bin" is larger than the 2\.9 KB limit per file\.$/, 2000 + 3000],
      [
        "the upload past its limit",
        { maxUploadBytes: 4000 },
        /^This upload is larger than the 3\.9 KB limit per upload: send it in several batches\.$/,
        4000,
      ],
    ])("%s fails at the piece that passes it: no job, no parts, and nothing after it is read", async (_, limit, message, readUpTo) => {
      const source = `parts-stream-limit-${randomUUID()}`;
      const partsBefore = await db.prisma.ingestionUploadPart.count();
      const { files: stream, pulled } = streamed(
        [
          { name: "small.bin", bytes: noise(2000) },
          { name: "big.bin", bytes: noise(20_000) },
          { name: "after.bin", bytes: noise(10) },
        ],
        100,
      );
      const error = await enqueueIngestion(db.prisma, heldQueue, { source, files: stream, partBytes: 1000, ...limit }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        name: "IngestionRequestError",
        code: "TOO_LARGE",
        kind: "too_large",
        message: expect.stringMatching(message),
      });
      expect(await jobsOf(source)).toEqual([]);
      expect(await db.prisma.ingestionUploadPart.count()).toBe(partsBefore);
      // Read up to the piece (of at most 100 bytes) that passed the limit, no further; the next file never started.
      expect(pulled.files).toBe(2);
      expect(pulled.bytes).toBeGreaterThan(readUpTo);
      expect(pulled.bytes).toBeLessThanOrEqual(readUpTo + 100);
    });

    it("refuses an upload with no file, or with too many, and leaves no job", async () => {
      const source = `parts-stream-count-${randomUUID()}`;
      await expect(enqueueIngestion(db.prisma, heldQueue, { source, files: streamed([]).files })).rejects.toMatchObject({
        code: "NO_FILES",
      });
      const many = Array.from({ length: 201 }, (_, i) => ({ name: `${i}.md`, bytes: new Uint8Array() }));
      const { files: stream, pulled } = streamed(many);
      await expect(enqueueIngestion(db.prisma, heldQueue, { source, files: stream })).rejects.toMatchObject({
        code: "TOO_MANY_FILES",
        message: expect.stringMatching(/^At most 200 files per upload/),
      });
      expect(pulled.files).toBe(201);
      expect(await jobsOf(source)).toEqual([]);
    });

    it("base64 (documents.upload's JSON) is decoded straight into parts, three at a time, and stored byte for byte", async () => {
      const bytes = noise(7500);
      const file = base64File("encoded.bin", Buffer.from(bytes).toString("base64"), 1000);
      expect(file).toMatchObject({ name: "encoded.bin", size: 7500 });
      const decoded = [...(file as { chunks: Iterable<Uint8Array> }).chunks].map((piece) => piece.byteLength);
      expect(decoded).toEqual([3000, 3000, 1500]);

      const { jobId } = await enqueueIngestion(db.prisma, heldQueue, {
        source: `parts-b64-${randomUUID()}`,
        files: [file],
        partBytes: 1000,
      });
      expect(await parts(jobId)).toEqual([...Array.from({ length: 7 }, (_, i) => [0, i, 1000]), [0, 7, 500]]);
      const back = await readUploadedFile(db.prisma, jobId, { index: 0, name: "encoded.bin", size: 7500 });
      expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    });

    it("an upload interrupted while streaming (no file listed yet) is failed by the sweep after an hour, its parts deleted", async () => {
      const jobId = randomUUID();
      const createdAt = new Date(Date.now() - 2 * 3_600_000);
      await db.prisma.ingestionJob.create({
        data: { id: jobId, kind: "import", status: "queued", input: { source: "upload", files: [] }, filesTotal: 0, createdAt },
      });
      await db.prisma.ingestionUploadPart.createMany({ data: [{ jobId, fileIndex: 0, partIndex: 0, bytes: new Uint8Array([1, 2, 3]) }] });
      // Not before the hour is up: it may still be arriving.
      expect(await sweepUploads(db.prisma, new Date(createdAt.getTime() + INTERRUPTED_UPLOAD_AFTER_MS - 60_000))).toMatchObject({
        interruptedJobs: 0,
      });
      expect(await sweepUploads(db.prisma)).toMatchObject({ interruptedJobs: 1 });
      expect(await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
        status: "failed",
        errors: [expect.objectContaining({ code: "UPLOAD_INTERRUPTED" })],
      });
      expect(await parts(jobId)).toEqual([]);
    });
  });
});
