import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../../embed/index";
import { search } from "../../retrieve/index";
import { VECTOR_INDEX_MIN_ROWS, ivfLists, readVectorIndex, vectorIndexName } from "./vector-index";
import { TERM_IMPACT_INDEX, ensureSearchIndexes, suspendSearchIndexes, withSearchIndexesSuspended } from "./maintenance";
import { buildVectorIndex, refreshVectorIndex } from "./vector-index-upkeep";
import { indexDocument } from "../publish/publish";
import { addSyntheticRows } from "../../testing/synthetic-rows";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

/** The search indexes as the catalog defines them (name → CREATE INDEX …). */
async function searchIndexes(): Promise<Record<string, string>> {
  const rows = await db.prisma.$queryRaw<{ name: string; definition: string }[]>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE (tablename = 'chunks' AND indexdef ILIKE '%USING ivfflat%') OR indexname = ${TERM_IMPACT_INDEX} ORDER BY indexname`;
  return Object.fromEntries(rows.map((r) => [r.name, r.definition]));
}

const addRows = (n: number, dimensions: number) => addSyntheticRows(db.prisma, n, dimensions);

async function deleteRows(dimensions: number, keep: number): Promise<void> {
  await db.prisma.$executeRaw`DELETE FROM chunks WHERE embedding_dims = ${dimensions} AND id NOT IN (
    SELECT id FROM chunks WHERE embedding_dims = ${dimensions} ORDER BY id LIMIT ${keep})`;
}

describe("the vector index, sized to its rows", () => {
  // A size of its own, so the counts are the test's.
  const dims = 8;

  it("is built once there are enough rows, kept while they grow a little, rebuilt when they double, dropped when few remain", async () => {
    await addRows(VECTOR_INDEX_MIN_ROWS - 1, dims);
    expect(await refreshVectorIndex(db.prisma, dims)).toEqual({
      dimensions: dims,
      action: "none",
      rows: VECTOR_INDEX_MIN_ROWS - 1,
      lists: null,
      seconds: 0,
    });
    expect(await readVectorIndex(db.prisma, dims)).toBeNull();

    await addRows(1, dims);
    const logs: string[] = [];
    const built = await refreshVectorIndex(db.prisma, dims, { log: (m) => logs.push(m) });
    expect(built).toMatchObject({ action: "built", rows: 1000, lists: 32 });
    expect(built.seconds).toBeGreaterThan(0);
    expect(logs.join("\n")).toMatch(/building the vector index chunks_embedding_8_ivf_idx for 1000 rows \(32 lists\)/);
    expect(await readVectorIndex(db.prisma, dims)).toEqual({ name: vectorIndexName(dims), lists: 32, valid: true });

    // 1.9× the rows: lists √1900 = 44, less than √2 × 32 — kept.
    await addRows(900, dims);
    expect(await refreshVectorIndex(db.prisma, dims)).toMatchObject({ action: "kept", rows: 1900, lists: 32 });
    // An import job's few rows beside the index's size: not even counted.
    expect(await refreshVectorIndex(db.prisma, dims, { added: 200 })).toMatchObject({ action: "kept", rows: null, lists: 32 });
    // ... a large one is.
    expect(await refreshVectorIndex(db.prisma, dims, { added: 300 })).toMatchObject({ action: "kept", rows: 1900 });

    await addRows(200, dims);
    expect(await refreshVectorIndex(db.prisma, dims)).toMatchObject({ action: "rebuilt", rows: 2100, lists: ivfLists(2100) });
    expect((await readVectorIndex(db.prisma, dims))?.lists).toBe(46);

    // Forced (after a change of embedding model): built again at the same size.
    expect(await refreshVectorIndex(db.prisma, dims, { force: true })).toMatchObject({ action: "rebuilt", rows: 2100, lists: 46 });

    // Halved: smaller again.
    await deleteRows(dims, 1000);
    expect(await refreshVectorIndex(db.prisma, dims)).toMatchObject({ action: "rebuilt", rows: 1000, lists: 32 });
    // Between half the threshold and the threshold an existing index stays …
    await deleteRows(dims, 600);
    expect(await refreshVectorIndex(db.prisma, dims)).toMatchObject({ action: "kept", rows: 600, lists: 32 });
    // … below half it goes.
    await deleteRows(dims, 400);
    expect(await refreshVectorIndex(db.prisma, dims)).toMatchObject({ action: "dropped", rows: 400, lists: null });
    expect(await readVectorIndex(db.prisma, dims)).toBeNull();
    await deleteRows(dims, 0);
  });

  it("is built once when several processes decide to build it at the same time", async () => {
    const size = 12;
    await addRows(VECTOR_INDEX_MIN_ROWS, size);
    // On the embedded server the second build waits for the first's transaction, then finds the index built.
    const [a, b] = await Promise.all([refreshVectorIndex(db.prisma, size), refreshVectorIndex(db.prisma, size)]);
    expect([a.action, b.action].sort()).toEqual(["built", "kept"]);
    expect(await readVectorIndex(db.prisma, size)).toMatchObject({ lists: 32, valid: true });
    await deleteRows(size, 0);
    expect((await refreshVectorIndex(db.prisma, size)).action).toBe("dropped");
  });

  it("is not built for more dimensions than pgvector's IVFFlat takes: searches scan", async () => {
    const logs: string[] = [];
    expect(await refreshVectorIndex(db.prisma, 3072, { log: (m) => logs.push(m) })).toMatchObject({ action: "unsupported", rows: null });
    expect(logs.join("\n")).toMatch(/no vector index for 3072-dimensional embeddings/);
    await expect(refreshVectorIndex(db.prisma, 0)).rejects.toThrow(RangeError);
    await expect(buildVectorIndex(db.prisma, dims, 0)).rejects.toThrow(/Bad number of lists/);
  });
});

const page = (source: string, n: number, word: string) =>
  indexDocument(
    db.prisma,
    {
      source,
      doc: {
        externalId: `p${n}`,
        title: `Page ${n}`,
        text: `# Page ${n}\n\nThe ${word} procedure, step ${n}.\n`,
        mimeType: "text/markdown",
      },
    },
    { embedder },
  );

describe("search indexes and bulk loading", () => {
  it("a bulk load runs without the search indexes, then builds the vector index for the rows it finds and replays the term index", async () => {
    // Enough rows of the default size for a vector index, which the worker's start would build.
    await addRows(1200, embedder.dimensions);
    expect(await ensureSearchIndexes(db.prisma)).toEqual([vectorIndexName(embedder.dimensions)]);
    const original = await searchIndexes();
    expect(Object.keys(original)).toEqual([TERM_IMPACT_INDEX, vectorIndexName(embedder.dimensions)]);
    expect(original[vectorIndexName(embedder.dimensions)]).toMatch(/USING ivfflat .*lists='35'.*WHERE \(embedding_dims = 384\)/);

    const source = `bulk-${randomUUID()}`;
    const { value, restored } = await withSearchIndexesSuspended(db.prisma, async () => {
      expect(await searchIndexes()).toEqual({});
      for (let n = 0; n < 5; n++) await page(source, n, "pelicanbulk");
      await addRows(800, embedder.dimensions);
      // Searches stay correct without the indexes.
      const hits = await search(
        db.prisma,
        { query: "pelicanbulk procedure step 3", userId: null, filters: { sources: [source] } },
        { embedder },
      );
      expect(hits[0]?.title).toBe("Page 3");
      return "loaded";
    });
    expect(value).toBe("loaded");
    expect(restored.vectorSeconds).toBeGreaterThan(0);
    expect(restored.termSeconds).toBeGreaterThan(0);
    // The term index as it was; the vector index sized for the 2,005 rows there are now.
    expect(await searchIndexes()).toEqual({
      ...original,
      [vectorIndexName(embedder.dimensions)]: original[vectorIndexName(embedder.dimensions)]!.replace("lists='35'", "lists='45'"),
    });
    const hits = await search(
      db.prisma,
      { query: "pelicanbulk procedure step 4", userId: null, filters: { sources: [source] } },
      { embedder },
    );
    expect(hits[0]?.title).toBe("Page 4");
  });

  it("a load that fails still gets its indexes back, and its error is the one thrown", async () => {
    const original = await searchIndexes();
    await expect(
      withSearchIndexesSuspended(db.prisma, async () => {
        await page(`bulk-fail-${randomUUID()}`, 0, "ospreyfail");
        throw new Error("embedding server unreachable (test)");
      }),
    ).rejects.toThrow("embedding server unreachable (test)");
    expect(await searchIndexes()).toEqual(original);
  });

  it("indexes a killed bulk import left missing are built again by ensureSearchIndexes; none when none is missing", async () => {
    const original = await searchIndexes();
    expect(await ensureSearchIndexes(db.prisma)).toEqual([]);
    await suspendSearchIndexes(db.prisma); // … and the process dies
    expect(await searchIndexes()).toEqual({});
    const logs: string[] = [];
    expect((await ensureSearchIndexes(db.prisma, (m) => logs.push(m))).sort()).toEqual([
      TERM_IMPACT_INDEX,
      vectorIndexName(embedder.dimensions),
    ]);
    expect(logs.join("\n")).toMatch(/building the missing search index chunk_terms_term_impact_idx/);
    expect(logs.join("\n")).toMatch(/building the vector index chunks_embedding_384_ivf_idx for 2006 rows \(45 lists\)/);
    expect(await searchIndexes()).toEqual(original);
    expect(await ensureSearchIndexes(db.prisma)).toEqual([]);
  });
});
