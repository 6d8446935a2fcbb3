/**
 * The ingestion limits are settings (LORE_MAX_FILE_MB, LORE_ZIP_MAX_ENTRIES, LORE_ZIP_MAX_TOTAL_MB): set low here, they
 * apply to uploads, inside the job (zip entries) and in `lore import`, each time with a message naming the configured
 * limit, and a file above a limit never stops the other files of its batch.
 */
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestDatabase, type TestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { ingestLimits } from "../env";
import { makeZip } from "../testing/file-builders";
import { IngestionRequestError, enqueueIngestion, runIngestionJob } from "../knowledge-base";

vi.hoisted(() => {
  vi.stubEnv("LORE_MAX_FILE_MB", "1");
  vi.stubEnv("LORE_ZIP_MAX_ENTRIES", "4");
  vi.stubEnv("LORE_ZIP_MAX_TOTAL_MB", "2");
});

const MB = 1024 * 1024;
const embedder = createHashingEmbedder();
/** Jobs here are run in this process; the queue only has to hand out an id. */
const noQueue = { send: async () => randomUUID() } as unknown as PgBoss;

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
  vi.unstubAllEnvs();
});

const text = (s: string) => new TextEncoder().encode(s);
const page = (word: string) => `# ${word}\n\nThe ${word} policy applies to everyone.\n`;
/** A file of `bytes` bytes: a short page, then padding that normalisation drops. */
const padded = (word: string, bytes: number) => `${page(word)}${" ".repeat(bytes - page(word).length - 1)}\n`;

describe("configured ingestion limits", () => {
  it("are read from the environment", () => {
    expect(ingestLimits()).toEqual({ maxFileBytes: 1 * MB, maxZipEntries: 4, maxZipTotalBytes: 2 * MB, parseTimeoutMs: 60_000 });
  });

  it("refuse an upload with a file above LORE_MAX_FILE_MB, naming the limit, before anything is stored", async () => {
    const before = await db.prisma.ingestionJob.count();
    const error = await enqueueIngestion(db.prisma, noQueue, {
      files: [
        { name: "fine.md", bytes: text(page("fine")) },
        { name: "big.txt", bytes: text(padded("big", 1.2 * MB)) },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestionRequestError);
    expect(error).toMatchObject({ code: "TOO_LARGE", message: '"big.txt" is 1.2 MB, above the 1 MB limit per file.' });
    expect(await db.prisma.ingestionJob.count()).toBe(before);
  });

  it("apply inside the job: an entry or archive above a limit fails alone, the other files are indexed", async () => {
    const source = `limits-${randomUUID()}`;
    const bundle = await makeZip([
      { name: "a.md", data: page("alpha") },
      { name: "big.md", data: padded("big", 1.2 * MB) },
      { name: "c.md", data: page("gamma") },
    ]);
    const many = await makeZip(["1", "2", "3", "4", "5"].map((n) => ({ name: `${n}.md`, data: page(`many${n}`) })));
    const fat = await makeZip(["1", "2", "3"].map((n) => ({ name: `${n}.md`, data: padded(`fat${n}`, 0.9 * MB) })));
    const { jobId } = await enqueueIngestion(db.prisma, noQueue, {
      source,
      files: [
        { name: "first.md", bytes: text(page("first")) },
        { name: "bundle.zip", bytes: bundle },
        { name: "many.zip", bytes: many },
        { name: "fat.zip", bytes: fat },
        { name: "last.txt", bytes: text("Last\n\nThe last policy applies to everyone.") },
      ],
    });
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "succeeded" });

    const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    // first.md, the 3 entries of bundle.zip, many.zip and fat.zip (refused whole), last.txt.
    expect(job).toMatchObject({ status: "succeeded", filesTotal: 7, filesDone: 4, filesFailed: 3 });
    expect(job.errors).toEqual([
      expect.objectContaining({
        code: "TOO_LARGE",
        file: "bundle.zip/big.md",
        message: expect.stringContaining("above the 1 MB limit per file"),
      }),
      expect.objectContaining({
        code: "ZIP_TOO_MANY_ENTRIES",
        file: "many.zip",
        message: expect.stringContaining("at most 4 are allowed per archive"),
      }),
      expect.objectContaining({
        code: "ZIP_TOO_LARGE",
        file: "fat.zip",
        message: expect.stringContaining("above the 2 MB limit per archive"),
      }),
    ]);
    const docs = await db.prisma.document.findMany({ where: { source }, select: { externalId: true, status: true } });
    expect(docs.map((d) => d.externalId).sort()).toEqual(["a", "c", "first", "last"]);
    expect(docs.every((d) => d.status === "ready")).toBe(true);
  });
});
