/**
 * The parse time limit (LORE_PARSE_TIMEOUT_SECONDS), set low here, inside an import job: a file that takes longer to
 * parse fails alone with a reason a person can act on, and the other files of the upload are imported.
 */
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../../embed";
import { ingestLimits } from "../../env";
import { makeSlowPdf } from "../../ingest/__fixtures__/slow-pdf";
import { search } from "../../retrieve";
import { makeDocx, makePdf, utf8 } from "../../testing/file-builders";
import { enqueueIngestion, runIngestionJob } from "..";

vi.hoisted(() => {
  vi.stubEnv("LORE_PARSE_TIMEOUT_SECONDS", "2");
});

const db = useTestDatabase();
const embedder = createHashingEmbedder();
/** Jobs here are run in this process; the queue only has to hand out an id. */
const noQueue = { send: async () => randomUUID() } as unknown as PgBoss;

describe("an import with a file that takes too long to parse", () => {
  it("fails that file with the reason and imports the others", async () => {
    expect(ingestLimits().parseTimeoutMs).toBe(2000);
    const source = `timeout-${randomUUID()}`;
    const { jobId } = await enqueueIngestion(db.prisma, noQueue, {
      source,
      files: [
        { name: "guide.md", bytes: utf8("# Guide\n\nThe wombatguide explains where to start.") },
        { name: "q3-figures.pdf", bytes: await makeSlowPdf({ text: "The quokkafigures are in." }) },
        { name: "travel.pdf", bytes: await makePdf({ title: "Travel", pages: [["Book a narwhaltrain for trips under four hours."]] }) },
        { name: "expenses.docx", bytes: await makeDocx() },
      ],
    });
    const started = Date.now();
    expect(await runIngestionJob(db.prisma, jobId, { embedder })).toEqual({ status: "succeeded" });
    // Stopped at the limit, not when pdf.js would have finished (minutes).
    expect(Date.now() - started).toBeLessThan(30_000);

    const job = await db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "succeeded", filesTotal: 4, filesDone: 3, filesFailed: 1 });
    expect(job.errors).toEqual([
      {
        code: "TIMED_OUT",
        file: "q3-figures.pdf",
        message: expect.stringMatching(
          /^"q3-figures\.pdf" took longer than 2 s to parse, so it was stopped and not imported\. .*save or export it again.*ask an administrator to raise the time limit\.$/,
        ),
      },
    ]);
    const docs = await db.prisma.document.findMany({ where: { source }, select: { externalId: true, status: true } });
    expect(docs.map((d) => d.externalId).sort()).toEqual(["expenses", "guide", "travel"]);
    expect(docs.every((d) => d.status === "ready")).toBe(true);
    for (const word of ["wombatguide", "narwhaltrain"]) {
      const hits = await search(db.prisma, { query: word, userId: null, filters: { sources: [source] } }, { embedder });
      expect(hits[0]?.text).toContain(word);
    }
    const stopped = await search(db.prisma, { query: "quokkafigures", userId: null, filters: { sources: [source] } }, { embedder });
    expect(stopped.filter((hit) => hit.text.includes("quokkafigures"))).toEqual([]);
  });
});
