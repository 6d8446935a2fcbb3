import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder, type Embedder } from "../../embed/index";
import { withBadLastVector } from "../../testing/embedders";
import { createTestUser } from "../../testing/users";
import { search } from "../../retrieve/index";
import { IndexingError, deleteDocument, indexDocument, sweepAbandonedImports, textSearchConfig } from "..";
import type { ParsedDocument } from "../../ingest/types";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

function doc(externalId: string, text: string, extra: Partial<ParsedDocument> = {}): ParsedDocument {
  return { externalId, title: `Page ${externalId}`, mimeType: "text/markdown", language: "en", text, ...extra };
}

/** Long enough (with a small chunk size) to give several chunks, so batches and partial writes are real. */
function longText(word: string, sections = 4): string {
  return Array.from(
    { length: sections },
    (_, i) =>
      `## Section ${i + 1}\n\n${Array.from({ length: 30 }, (_, j) => `Sentence ${j} of section ${i + 1} mentions ${word} and ordinary words.`).join(" ")}`,
  ).join("\n\n");
}

async function findsText(word: string, userId: string | null = null): Promise<string[]> {
  const results = await search(db.prisma, { query: word, userId, mode: "fulltext", k: 50 }, { embedder });
  return results.filter((r) => r.text.includes(word)).map((r) => r.versionId);
}

/** Another import's live claim on a document, released after `ms` (as that import's swap would). */
async function holdClaim(documentId: string, ms: number) {
  await db.prisma
    .$executeRaw`UPDATE documents SET indexing_owner = 'another-import', indexing_until = now() + interval '1 minute' WHERE id = ${documentId}`;
  let released = false;
  const timer = setTimeout(() => {
    released = true;
    // (A Prisma query runs only once something waits for it.)
    void db.prisma.$executeRaw`UPDATE documents SET indexing_owner = NULL, indexing_until = NULL WHERE id = ${documentId}`.then(() => {});
  }, ms);
  return { released: () => released, cancel: () => clearTimeout(timer) };
}

describe("indexDocument", () => {
  it("creates, skips identical content, and versions changed content with an atomic swap", async () => {
    const source = `s-${randomUUID()}`;
    const first = await indexDocument(
      db.prisma,
      { source, doc: doc("handbook/leave", longText("quokkaalpha")) },
      { embedder, chunkTokens: 120 },
    );
    expect(first).toMatchObject({ status: "created", version: 1 });
    expect(first.chunks).toBeGreaterThan(1);

    const stored = await db.prisma.document.findUniqueOrThrow({ where: { id: first.documentId } });
    expect(stored).toMatchObject({ currentVersionId: first.versionId, status: "ready", language: "english" });
    // The vector, its model/dims and the tsv are all written.
    const [row] = await db.prisma.$queryRaw<{ n: bigint; dims: number; model: string }[]>`
      SELECT count(*) AS n, min(embedding_dims) AS dims, min(embedding_model) AS model FROM chunks
      WHERE document_version_id = ${first.versionId} AND embedding IS NOT NULL AND tsv IS NOT NULL AND vector_dims(embedding) = 384`;
    expect(Number(row!.n)).toBe(first.chunks);
    expect(row).toMatchObject({ dims: 384, model: embedder.id });

    const before = await db.prisma.chunk.count();
    const again = await indexDocument(
      db.prisma,
      { source, doc: doc("handbook/leave", longText("quokkaalpha")) },
      { embedder, chunkTokens: 120 },
    );
    expect(again).toEqual({ ...first, status: "unchanged" });
    expect(await db.prisma.chunk.count()).toBe(before);
    expect(await db.prisma.documentVersion.count({ where: { documentId: first.documentId } })).toBe(1);

    const second = await indexDocument(
      db.prisma,
      { source, doc: doc("handbook/leave", longText("quokkabravo")) },
      { embedder, chunkTokens: 120 },
    );
    expect(second).toMatchObject({ status: "updated", version: 2, documentId: first.documentId });
    expect(await findsText("quokkabravo")).toContain(second.versionId);
    expect(await findsText("quokkaalpha")).toEqual([]);
    // The old version and its chunks stay, so citations of old answers still resolve.
    expect(await db.prisma.chunk.count({ where: { documentVersionId: first.versionId } })).toBe(first.chunks);
    expect(await db.prisma.documentVersion.findUnique({ where: { id: first.versionId } })).not.toBeNull();
  });

  it("records a new document's metadata and first version as given", async () => {
    const source = `meta-${randomUUID()}`;
    const user = await createTestUser(db.prisma, { name: "Uploader" });
    const text = "Bike storage: the café's basement has racks.";
    const r = await indexDocument(
      db.prisma,
      {
        source,
        doc: doc("facilities/bikes", text, { url: "https://wiki.example/bikes", title: "Bikes" }),
        tags: ["office", " office", "bike"],
        createdById: user.id,
      },
      { embedder },
    );
    expect(await db.prisma.document.findUniqueOrThrow({ where: { id: r.documentId } })).toMatchObject({
      source,
      externalId: "facilities/bikes",
      url: "https://wiki.example/bikes",
      title: "Bikes",
      mimeType: "text/markdown",
      language: "english",
      tags: ["office", "bike"],
      status: "ready",
      error: null,
      createdById: user.id,
      currentVersionId: r.versionId,
    });
    const version = await db.prisma.documentVersion.findUniqueOrThrow({ where: { id: r.versionId } });
    expect(version).toMatchObject({
      documentId: r.documentId,
      version: 1,
      title: "Bikes",
      content: text,
      byteSize: Buffer.byteLength(text, "utf8"),
    });
    expect(version.contentHash).toBe((await db.prisma.document.findUniqueOrThrow({ where: { id: r.documentId } })).contentHash);
  });

  it("uses the 'simple' configuration for non-English documents and finds them", async () => {
    expect(textSearchConfig("vi")).toBe("simple");
    expect(textSearchConfig(undefined)).toBe("simple");
    const r = await indexDocument(
      db.prisma,
      {
        source: `s-${randomUUID()}`,
        doc: doc("vi/nghi-phep", "Nhân viên được nghỉ phép mười hai ngày mỗi năm. Mã đơn xyzvietnam.", { language: "vi" }),
      },
      { embedder },
    );
    expect((await db.prisma.document.findUniqueOrThrow({ where: { id: r.documentId } })).language).toBe("simple");
    expect(await findsText("nghỉ phép")).toContain(r.versionId);
  });

  it("a failure part-way through leaves no partial version and the previous version searchable", async () => {
    const source = `s-${randomUUID()}`;
    const v1 = await indexDocument(db.prisma, { source, doc: doc("it/vpn", longText("wombatone")) }, { embedder, chunkTokens: 120 });
    const chunksBefore = await db.prisma.chunk.count();

    // 1) The embedder throws: nothing has been written yet.
    const throwing: Embedder = {
      ...embedder,
      id: embedder.id,
      dimensions: embedder.dimensions,
      embedQuery: (t) => embedder.embedQuery(t),
      embedDocuments: () => Promise.reject(new Error("embedding server down")),
    };
    await expect(
      indexDocument(db.prisma, { source, doc: doc("it/vpn", longText("wombattwo")) }, { embedder: throwing, chunkTokens: 120 }),
    ).rejects.toThrow("embedding server down");

    // 2) The last vector is bad: earlier batches are already INSERTed when the last one fails, so this exercises
    //    the clean-up path for real (batchSize 1 = one statement per chunk).
    const poisoned = withBadLastVector(embedder);
    const updateFailure = await indexDocument(
      db.prisma,
      { source, doc: doc("it/vpn", longText("wombattwo")) },
      { embedder: poisoned, chunkTokens: 120, batchSize: 1 },
    ).catch((e: unknown) => e);
    expect(updateFailure).toBeInstanceOf(Error);
    expect(updateFailure).not.toBeInstanceOf(IndexingError);
    expect((await db.prisma.document.findUniqueOrThrow({ where: { id: v1.documentId } })).indexingOwner).toBeNull(); // claim released

    expect(await db.prisma.chunk.count()).toBe(chunksBefore);
    expect(await db.prisma.documentVersion.count({ where: { documentId: v1.documentId } })).toBe(1);
    expect(await db.prisma.document.findUniqueOrThrow({ where: { id: v1.documentId } })).toMatchObject({
      currentVersionId: v1.versionId,
      status: "ready",
    });
    expect(await findsText("wombatone")).toContain(v1.versionId);
    expect(await findsText("wombattwo")).toEqual([]);

    // 3) A brand-new document that fails leaves no document row at all.
    const docsBefore = await db.prisma.document.count();
    const failure = await indexDocument(
      db.prisma,
      { source, doc: doc("it/new", longText("wombatthree")) },
      { embedder: poisoned, chunkTokens: 120, batchSize: 1 },
    ).catch((e: unknown) => e);
    // The database's own error, not a claim that someone deleted the document (its row was this import's).
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(IndexingError);
    expect(await db.prisma.document.count()).toBe(docsBefore);
    expect(await db.prisma.chunk.count()).toBe(chunksBefore);

    // And the next good import works normally (version 2, not 3: failed attempts consumed nothing).
    const v2 = await indexDocument(db.prisma, { source, doc: doc("it/vpn", longText("wombattwo")) }, { embedder, chunkTokens: 120 });
    expect(v2).toMatchObject({ status: "updated", version: 2 });
  });

  it("a document deleted while it is being indexed stays deleted, and the import says so (IndexingError DELETED)", async () => {
    const source = `s-${randomUUID()}`;
    const v1 = await indexDocument(db.prisma, { source, doc: doc("it/printers", longText("ibisone")) }, { embedder, chunkTokens: 120 });
    // The administrator deletes it while the new version's chunks are being embedded.
    const deleting: Embedder = {
      ...embedder,
      embedQuery: (t) => embedder.embedQuery(t),
      embedDocuments: async (texts) => {
        await deleteDocument(db.prisma, v1.documentId);
        return embedder.embedDocuments(texts);
      },
    };
    const error = await indexDocument(
      db.prisma,
      { source, doc: doc("it/printers", longText("ibistwo")) },
      { embedder: deleting, chunkTokens: 120 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexingError);
    expect(error).toMatchObject({
      code: "DELETED",
      message: expect.stringMatching(/"Page it\/printers" was deleted while it was being imported/),
    });
    expect(await db.prisma.document.count({ where: { source } })).toBe(0);
    expect(await db.prisma.documentVersion.count({ where: { documentId: v1.documentId } })).toBe(0);
    expect(await db.prisma.chunk.count({ where: { documentId: v1.documentId } })).toBe(0);
    expect(await findsText("ibistwo")).toEqual([]);
  });

  it("two imports of the same document at once take turns: both versions land, in order, nothing is lost", async () => {
    const source = `s-${randomUUID()}`;
    const v1 = await indexDocument(db.prisma, { source, doc: doc("hr/leave", longText("lemurone")) }, { embedder, chunkTokens: 120 });
    // Slow embedders, so that both imports have read version 1 as current before either writes.
    const slow = (ms: number): Embedder => ({
      ...embedder,
      embedQuery: (t) => embedder.embedQuery(t),
      embedDocuments: async (texts) => {
        await new Promise((r) => setTimeout(r, ms));
        return embedder.embedDocuments(texts);
      },
    });
    const [a, b] = await Promise.all([
      indexDocument(
        db.prisma,
        { source, doc: doc("hr/leave", longText("lemurtwo")) },
        { embedder: slow(50), chunkTokens: 120, batchSize: 2 },
      ),
      indexDocument(
        db.prisma,
        { source, doc: doc("hr/leave", longText("lemurthree")) },
        { embedder: slow(60), chunkTokens: 120, batchSize: 2 },
      ),
    ]);
    expect([a.status, b.status]).toEqual(["updated", "updated"]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
    const last = a.version === 3 ? a : b;
    const versions = await db.prisma.documentVersion.findMany({
      where: { documentId: v1.documentId },
      select: { id: true, version: true },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]); // history intact: citations of each still resolve
    const row = await db.prisma.document.findUniqueOrThrow({ where: { id: v1.documentId } });
    expect(row).toMatchObject({ currentVersionId: last.versionId, indexingOwner: null, indexingUntil: null });
    for (const v of versions) expect(await db.prisma.chunk.count({ where: { documentVersionId: v.id } })).toBeGreaterThan(0);
    // Only the current version is in the keyword index, and searchable.
    const postings = await db.prisma.$queryRaw<{ version: number }[]>`
      SELECT DISTINCT v.version FROM chunk_terms ct JOIN document_versions v ON v.seq = ct.version_seq WHERE v.document_id = ${v1.documentId}`;
    expect(postings.map((p) => p.version)).toEqual([3]);
    expect(new Set(await findsText(last === a ? "lemurtwo" : "lemurthree"))).toEqual(new Set([last.versionId]));
    expect(await findsText(last === a ? "lemurthree" : "lemurtwo")).toEqual([]);

    // Two creations of one new document at once: one document, the second import a new version or a no-op.
    const [c, d] = await Promise.all([
      indexDocument(db.prisma, { source, doc: doc("hr/new", longText("tapirone")) }, { embedder: slow(30), chunkTokens: 120 }),
      indexDocument(db.prisma, { source, doc: doc("hr/new", longText("tapirone")) }, { embedder: slow(30), chunkTokens: 120 }),
    ]);
    expect(c.documentId).toBe(d.documentId);
    expect([c.status, d.status].sort()).toEqual(["created", "unchanged"]);
    expect(await db.prisma.documentVersion.count({ where: { documentId: c.documentId } })).toBe(1);
  });

  it("a claim left by an import that died runs out; a live one is waited for", async () => {
    const source = `s-${randomUUID()}`;
    const v1 = await indexDocument(db.prisma, { source, doc: doc("it/wifi", longText("okapione")) }, { embedder, chunkTokens: 120 });
    // Dead: its claim ran out a second ago.
    await db.prisma
      .$executeRaw`UPDATE documents SET indexing_owner = 'dead', indexing_until = now() - interval '1 second' WHERE id = ${v1.documentId}`;
    expect(
      await indexDocument(db.prisma, { source, doc: doc("it/wifi", longText("okapitwo")) }, { embedder, chunkTokens: 120 }),
    ).toMatchObject({ version: 2 });
    // Alive for another minute, released after ~1.5 s: the import waits, then goes on.
    const alive = await holdClaim(v1.documentId, 1500);
    try {
      const v3 = await indexDocument(db.prisma, { source, doc: doc("it/wifi", longText("okapithree")) }, { embedder, chunkTokens: 120 });
      expect(alive.released()).toBe(true); // it finished only after the claim was released
      expect(v3).toMatchObject({ status: "updated", version: 3 });
    } finally {
      alive.cancel();
    }
  });

  it("a reindex of a version that is no longer current writes nothing; content equal to the current one waits for a holder's turn", async () => {
    const source = `s-${randomUUID()}`;
    const v1 = await indexDocument(db.prisma, { source, doc: doc("hr/travel", longText("gecko1")) }, { embedder, chunkTokens: 120 });
    const v2 = await indexDocument(db.prisma, { source, doc: doc("hr/travel", longText("gecko2")) }, { embedder, chunkTokens: 120 });
    // A reindex that read version 1's text before version 2 was published: version 2 stays current.
    const reindex = await indexDocument(
      db.prisma,
      { source, force: true, ifCurrentVersion: v1.versionId, doc: doc("hr/travel", longText("gecko1")) },
      { embedder, chunkTokens: 120 },
    );
    expect(reindex).toMatchObject({ status: "unchanged", versionId: v2.versionId, version: 2 });
    expect(await db.prisma.documentVersion.count({ where: { documentId: v1.documentId } })).toBe(2);
    // Still current: it rebuilds.
    expect(
      await indexDocument(
        db.prisma,
        { source, force: true, ifCurrentVersion: v2.versionId, doc: doc("hr/travel", longText("gecko2")) },
        { embedder, chunkTokens: 120 },
      ),
    ).toMatchObject({
      status: "updated",
      version: 3,
    });

    // The current content again, while another import holds the document: not "unchanged" at once (what the
    // holder publishes may differ), but after the holder's turn.
    const holder = await holdClaim(v1.documentId, 1000);
    try {
      const again = await indexDocument(db.prisma, { source, doc: doc("hr/travel", longText("gecko2")) }, { embedder, chunkTokens: 120 });
      expect(holder.released()).toBe(true);
      expect(again).toMatchObject({ status: "unchanged", version: 3 });
    } finally {
      holder.cancel();
    }
  });

  it("cleans up the leftovers of an attempt that died before its swap", async () => {
    const source = `s-${randomUUID()}`;
    const v1 = await indexDocument(db.prisma, { source, doc: doc("x/crash", "First text emuone.") }, { embedder });
    // Simulate a killed worker: a version 2 with a chunk, never swapped in.
    const orphan = randomUUID();
    await db.prisma.documentVersion.create({
      data: { id: orphan, documentId: v1.documentId, version: 2, contentHash: "x", title: "t", content: "c", byteSize: 1 },
    });
    await db.prisma.chunk.create({
      data: {
        id: randomUUID(),
        documentId: v1.documentId,
        documentVersionId: orphan,
        ordinal: 0,
        text: "emutwo orphan",
        tokenCount: 2,
        embeddingModel: embedder.id,
        embeddingDims: 384,
      },
    });
    expect(await findsText("emutwo")).toEqual([]); // never visible

    const v2 = await indexDocument(db.prisma, { source, doc: doc("x/crash", "Second text emuthree.") }, { embedder });
    expect(v2).toMatchObject({ status: "updated", version: 2 });
    expect(await db.prisma.documentVersion.findUnique({ where: { id: orphan } })).toBeNull();
  });

  it("same content: a new url is recorded in place, another language is a new version", async () => {
    const source = `s-${randomUUID()}`;
    const first = await indexDocument(
      db.prisma,
      { source, doc: doc("kb-1", "Use the VPN tapirvpn.", { url: "https://old.example/vpn" }) },
      { embedder },
    );
    const moved = await indexDocument(
      db.prisma,
      { source, doc: doc("kb-1", "Use the VPN tapirvpn.", { url: "https://new.example/vpn" }) },
      { embedder },
    );
    expect(moved).toMatchObject({ status: "unchanged", version: 1, versionId: first.versionId });
    const [hit] = await search(db.prisma, { query: "tapirvpn", userId: null, k: 1 }, { embedder });
    expect(hit).toMatchObject({ versionId: first.versionId, url: "https://new.example/vpn" });
    // An import that knows no url keeps the known one.
    await indexDocument(db.prisma, { source, doc: doc("kb-1", "Use the VPN tapirvpn.") }, { embedder });
    expect((await db.prisma.document.findUniqueOrThrow({ where: { id: first.documentId } })).url).toBe("https://new.example/vpn");

    // The same words, now not marked English: indexed again with the 'simple' configuration.
    const relabelled = await indexDocument(
      db.prisma,
      { source, doc: doc("kb-1", "Use the VPN tapirvpn.", { language: undefined }) },
      { embedder },
    );
    expect(relabelled).toMatchObject({ status: "updated", version: 2 });
    expect((await db.prisma.document.findUniqueOrThrow({ where: { id: first.documentId } })).language).toBe("simple");
    expect(await findsText("tapirvpn")).toEqual([relabelled.versionId]);
  });

  it("the maintenance removes what a dead import left when no retry came, once its claim is long gone", async () => {
    const source = `s-${randomUUID()}`;
    const published = await indexDocument(db.prisma, { source, doc: doc("x/kept", "Published text kiwikept.") }, { embedder });
    const live = await indexDocument(db.prisma, { source, doc: doc("x/live", "Published text kiwilive.") }, { embedder });
    const stale = "now() - interval '20 minutes'";
    // An unpublished version 2 of each, with a chunk and a posting; x/live's import still holds its claim.
    const leftover = async (documentId: string, claimUntil: string) => {
      const versionId = randomUUID();
      const [row] = await db.prisma.$queryRaw<{ seq: number }[]>`
        INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size)
        VALUES (${versionId}, ${documentId}, 2, 'h', 't', 'c', 1) RETURNING seq`;
      const seq = row!.seq;
      await db.prisma.chunk.create({
        data: {
          id: randomUUID(),
          documentId,
          documentVersionId: versionId,
          ordinal: 0,
          text: "kiwiorphan",
          tokenCount: 1,
          embeddingModel: embedder.id,
          embeddingDims: 384,
        },
      });
      // Counted in the term statistics as ingestion counts it (the delete trigger takes it out again).
      await db.prisma.$executeRaw`INSERT INTO term_stats (lexeme, df, impact_sum) VALUES ('kiwiorphan', 1, 1)
        ON CONFLICT (lexeme) DO UPDATE SET df = term_stats.df + 1, impact_sum = term_stats.impact_sum + 1`;
      await db.prisma
        .$executeRaw`INSERT INTO chunk_terms (term_id, version_seq, ordinal, impact) SELECT id, ${seq}, 0, 1 FROM term_stats WHERE lexeme = 'kiwiorphan'`;
      await db.prisma.$executeRawUnsafe(
        `UPDATE documents SET indexing_owner = 'dead', indexing_until = ${claimUntil} WHERE id = '${documentId}'`,
      );
      return { versionId, seq };
    };
    const deadUpdate = await leftover(published.documentId, stale);
    const liveUpdate = await leftover(live.documentId, "now() + interval '1 minute'");
    // A new document whose import died after writing its row and first version: no current version.
    const newId = randomUUID();
    await db.prisma
      .$executeRawUnsafe(`INSERT INTO documents (id, source, external_id, title, mime_type, content_hash, status, indexing_owner, indexing_until)
      VALUES ('${newId}', '${source}', 'x/new', 't', 'text/markdown', '', 'processing', 'dead', ${stale})`);
    await db.prisma.documentVersion.create({
      data: { id: randomUUID(), documentId: newId, version: 1, contentHash: "h", title: "t", content: "c", byteSize: 1 },
    });
    // Rows of no import (a document stored but never indexed: pending, without a version yet) are not touched.
    const pendingId = randomUUID();
    await db.prisma.$executeRawUnsafe(`INSERT INTO documents (id, source, external_id, title, mime_type, content_hash)
      VALUES ('${pendingId}', '${source}', 'x/pending', 't', 'text/markdown', '')`);

    // Not before the grace period is over.
    expect(await sweepAbandonedImports(db.prisma, new Date(Date.now() - 10 * 60_000))).toEqual({ documents: 0, versions: 0 });
    expect(await sweepAbandonedImports(db.prisma)).toEqual({ documents: 1, versions: 1 });
    const ids = (
      await db.prisma.document.findMany({ where: { source }, select: { externalId: true }, orderBy: { externalId: "asc" } })
    ).map((d) => d.externalId);
    expect(ids).toEqual(["x/kept", "x/live", "x/pending"]);
    expect(await db.prisma.documentVersion.findUnique({ where: { id: deadUpdate.versionId } })).toBeNull();
    expect(await db.prisma.documentVersion.findUnique({ where: { id: liveUpdate.versionId } })).not.toBeNull();
    const postings = await db.prisma.$queryRaw<
      { seq: number }[]
    >`SELECT DISTINCT version_seq AS seq FROM chunk_terms WHERE version_seq IN (${deadUpdate.seq}, ${liveUpdate.seq})`;
    expect(postings.map((p) => p.seq)).toEqual([liveUpdate.seq]);
    expect((await db.prisma.termStat.findUniqueOrThrow({ where: { lexeme: "kiwiorphan" } })).df).toBe(1n);
    expect(await findsText("kiwikept")).toEqual([published.versionId]);
  });

  it("an import whose embedder is no longer the active model publishes nothing the active model cannot find", async () => {
    const source = `s-${randomUUID()}`;
    const first = await indexDocument(db.prisma, { source, doc: doc("kb/switch", "Old text heronold.") }, { embedder });
    const restore = await db.prisma.embeddingModel.findMany({ where: { state: { in: ["active", "building"] } } });
    const other = createHashingEmbedder({ dimensions: 128 });
    try {
      // A re-embedding switched to another model while this import held the old one.
      await db.prisma.embeddingModel.updateMany({ where: { state: { in: ["active", "building"] } }, data: { state: "retired" } });
      await db.prisma.embeddingModel.upsert({
        where: { id: other.id },
        create: { id: other.id, dimensions: 128, provider: "hashing", state: "active" },
        update: { state: "active" },
      });
      const second = await indexDocument(db.prisma, { source, doc: doc("kb/switch", "New text heronnew.") }, { embedder });
      const models = await db.prisma.chunk.groupBy({
        by: ["embeddingModel"],
        where: { documentVersionId: second.versionId },
        _count: true,
      });
      expect(models.map((m) => m.embeddingModel).sort()).toEqual([other.id, embedder.id].sort());
      const found = await search(db.prisma, { query: "heronnew", userId: null, k: 5 }, { embedder: other });
      expect(found.map((r) => r.versionId)).toContain(second.versionId);

      // The active model cannot embed it (its files are gone): the import fails and the current version stays.
      await db.prisma.embeddingModel.update({ where: { id: other.id }, data: { state: "retired" } });
      await db.prisma.embeddingModel.create({
        data: {
          id: `local:gone-${randomUUID()}`,
          dimensions: 64,
          provider: "local",
          settings: { localDir: "/nonexistent/model" },
          state: "active",
        },
      });
      await expect(indexDocument(db.prisma, { source, doc: doc("kb/switch", "Third text heronthird.") }, { embedder })).rejects.toThrow();
      const current = await db.prisma.document.findUniqueOrThrow({ where: { id: first.documentId } });
      expect(current.currentVersionId).toBe(second.versionId);
      expect(await db.prisma.documentVersion.count({ where: { documentId: first.documentId } })).toBe(2);
    } finally {
      await db.prisma.embeddingModel.deleteMany({ where: { id: { startsWith: "local:gone-" } } });
      await db.prisma.embeddingModel.updateMany({ where: { state: "active" }, data: { state: "retired" } });
      for (const m of restore) await db.prisma.embeddingModel.update({ where: { id: m.id }, data: { state: m.state } });
    }
  });

  it("rejects unknown group names before writing anything, and applies groups/tags", async () => {
    const source = `s-${randomUUID()}`;
    const docsBefore = await db.prisma.document.count();
    const attempt = indexDocument(db.prisma, { source, doc: doc("hr/pay", "Salary bands."), groups: ["no-such-group"] }, { embedder });
    await expect(attempt).rejects.toBeInstanceOf(IndexingError);
    await expect(attempt).rejects.toThrow(/Unknown group: "no-such-group"/);
    expect(await db.prisma.document.count()).toBe(docsBefore);

    const hr = await db.prisma.group.create({ data: { id: randomUUID(), name: `hr-${randomUUID()}` } });
    const r = await indexDocument(
      db.prisma,
      { source, doc: doc("hr/pay", "Salary bands ocelotpay."), groups: [hr.name], tags: ["hr", "pay"] },
      { embedder },
    );
    expect(await db.prisma.documentAccess.findMany({ where: { documentId: r.documentId } })).toEqual([
      { documentId: r.documentId, groupId: hr.id },
    ]);
    expect(await findsText("ocelotpay")).toEqual([]); // anonymous: restricted

    // Same content, groups cleared: "unchanged", no new version, but the access change is applied.
    const same = await indexDocument(
      db.prisma,
      { source, doc: doc("hr/pay", "Salary bands ocelotpay."), groups: [], tags: ["hr"] },
      { embedder },
    );
    expect(same).toMatchObject({ status: "unchanged", version: 1 });
    expect(await db.prisma.documentAccess.count({ where: { documentId: r.documentId } })).toBe(0);
    expect((await db.prisma.document.findUniqueOrThrow({ where: { id: r.documentId } })).tags).toEqual(["hr"]);
    expect(await findsText("ocelotpay")).toContain(r.versionId);
  });
});

describe("deleteDocument", () => {
  it("removes the document, all its versions, chunks and access rows", async () => {
    const source = `s-${randomUUID()}`;
    const g = await db.prisma.group.create({ data: { id: randomUUID(), name: `g-${randomUUID()}` } });
    const v1 = await indexDocument(
      db.prisma,
      { source, doc: doc("d/1", longText("lemurone")), groups: [g.name] },
      { embedder, chunkTokens: 120 },
    );
    await indexDocument(db.prisma, { source, doc: doc("d/1", longText("lemurtwo")) }, { embedder, chunkTokens: 120 });
    expect(await deleteDocument(db.prisma, v1.documentId)).toBe(true);
    expect(await db.prisma.document.count({ where: { id: v1.documentId } })).toBe(0);
    expect(await db.prisma.documentVersion.count({ where: { documentId: v1.documentId } })).toBe(0);
    expect(await db.prisma.chunk.count({ where: { documentId: v1.documentId } })).toBe(0);
    expect(await db.prisma.documentAccess.count({ where: { documentId: v1.documentId } })).toBe(0);
    expect(await deleteDocument(db.prisma, v1.documentId)).toBe(false);
  });
});
