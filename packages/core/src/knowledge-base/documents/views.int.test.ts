import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { DocumentError, listChunks, listDocuments, listIngestionJobs, removeDocument } from "..";
import { createHashingEmbedder } from "../../embed/index";
import { indexDocument } from "../publish/publish";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

const sections = (n: number) =>
  Array.from({ length: n }, (_, i) => `## Part ${i}\n\n${`Words of part ${i} about the ospreyline. `.repeat(40)}`).join("\n\n");

describe("admin document views", () => {
  it("pages a version's chunks without splitting an ordinal across pages while two models' rows exist", async () => {
    const r = await indexDocument(
      db.prisma,
      { source: `chunks-${randomUUID()}`, doc: { externalId: "long", title: "Long", mimeType: "text/markdown", text: sections(6) } },
      { embedder, chunkTokens: 120 },
    );
    expect(r.chunks).toBeGreaterThanOrEqual(5);
    // The rows a re-embedding adds for the model being built: one more per ordinal.
    await db.prisma.$executeRaw`
      INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, heading_path, token_count, embedding, embedding_model, embedding_dims, tsv)
      SELECT gen_random_uuid()::text, document_id, document_version_id, ordinal, text, heading_path, token_count, embedding, 'other-model', embedding_dims, tsv
      FROM chunks WHERE document_version_id = ${r.versionId}`;

    for (const limit of [1, 2, 3, 5]) {
      const seen: [number, string][] = [];
      let after: number | undefined;
      for (let page = 0; page < 50; page++) {
        const { items, nextOrdinal } = await listChunks(db.prisma, {
          versionId: r.versionId,
          limit,
          ...(after === undefined ? {} : { afterOrdinal: after }),
        });
        seen.push(...items.map((c): [number, string] => [c.ordinal, c.embeddingModel]));
        if (nextOrdinal === null) break;
        after = nextOrdinal;
      }
      const expected = Array.from({ length: r.chunks }, (_, o) =>
        [[o, embedder.id] as [number, string], [o, "other-model"] as [number, string]].sort((a, b) => (a[1] < b[1] ? -1 : 1)),
      ).flat();
      expect(seen, `limit ${limit}`).toEqual(expected);
    }
  });

  it("pages the document list by last change without repeating or losing documents when the page's last one changes or goes", async () => {
    const source = `list-${randomUUID()}`;
    const ids: string[] = [];
    for (const name of ["a", "b", "c", "d", "e", "f"]) {
      ids.push(
        (
          await indexDocument(
            db.prisma,
            { source, doc: { externalId: name, title: name, mimeType: "text/markdown", text: `Page ${name}.` } },
            { embedder },
          )
        ).documentId,
      );
    }
    // Distinct last changes, a (oldest) … f (newest).
    for (const [i, id] of ids.entries())
      await db.prisma.document.update({ where: { id }, data: { updatedAt: new Date(Date.UTC(2026, 0, 1 + i)) } });
    const titles = (page: Awaited<ReturnType<typeof listDocuments>>) => page.items.map((d) => d.title);

    const first = await listDocuments(db.prisma, { source, limit: 2 });
    expect(titles(first)).toEqual(["f", "e"]);
    // The page's last document changes: it moves to the top, and the next page still goes on after it.
    await db.prisma.document.update({ where: { id: ids[4]! }, data: { updatedAt: new Date(Date.UTC(2026, 5, 1)) } });
    const second = await listDocuments(db.prisma, { source, limit: 2, cursor: first.nextCursor! });
    expect(titles(second)).toEqual(["d", "c"]);
    // The page's last document is deleted: the next page is still the rest.
    await db.prisma.document.delete({ where: { id: ids[2]! } });
    const third = await listDocuments(db.prisma, { source, limit: 2, cursor: second.nextCursor! });
    expect(titles(third)).toEqual(["b", "a"]);
    expect(third.nextCursor).toBeNull();

    await expect(listDocuments(db.prisma, { source, cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_CURSOR" });
  });

  it("deletes a document together with its audit entry, and refuses a job-list cursor that no longer exists", async () => {
    const r = await indexDocument(
      db.prisma,
      { source: `rm-${randomUUID()}`, doc: { externalId: "gone", title: "Gone", mimeType: "text/markdown", text: "# Gone\n\nSoon." } },
      { embedder },
    );
    await removeDocument(db.prisma, r.documentId, null);
    expect(await db.prisma.document.count({ where: { id: r.documentId } })).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { action: "document.deleted", targetId: r.documentId } })).toBe(1);
    await expect(removeDocument(db.prisma, r.documentId, null)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.prisma.auditLog.count({ where: { action: "document.deleted", targetId: r.documentId } })).toBe(1);

    const error = await listIngestionJobs(db.prisma, { cursor: "no-such-job" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("Reload the list") });
  });
});
