import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { search } from "../retrieve";
import { TERM_IMPACT_INDEX, ensureSearchIndexes, suspendSearchIndexes, withSearchIndexesSuspended } from "./search-indexes";
import { indexDocument } from "./store";

let db: Awaited<ReturnType<typeof startTestDatabase>>;
const embedder = createHashingEmbedder();
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => db?.stop());

/** The search indexes as the catalog defines them (name → CREATE INDEX …). */
async function searchIndexes(): Promise<Record<string, string>> {
  const rows = await db.prisma.$queryRaw<{ name: string; definition: string }[]>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE (tablename = 'chunks' AND indexdef ILIKE '%USING hnsw%') OR indexname = ${TERM_IMPACT_INDEX} ORDER BY indexname`;
  return Object.fromEntries(rows.map((r) => [r.name, r.definition]));
}

const page = (source: string, n: number, word: string) =>
  indexDocument(db.prisma, { source, doc: { externalId: `p${n}`, title: `Page ${n}`, text: `# Page ${n}\n\nThe ${word} procedure, step ${n}.\n`, mimeType: "text/markdown" } }, { embedder });

describe("search indexes and bulk loading", () => {
  it("a bulk load runs without the search indexes and replays them exactly as the migrations made them", async () => {
    const original = await searchIndexes();
    expect(Object.keys(original)).toEqual([TERM_IMPACT_INDEX, "chunks_embedding_384_hnsw_idx"]);
    const source = `bulk-${randomUUID()}`;
    const { value, restored } = await withSearchIndexesSuspended(db.prisma, async () => {
      expect(await searchIndexes()).toEqual({});
      for (let n = 0; n < 5; n++) await page(source, n, "pelicanbulk");
      // Searches stay correct without the indexes.
      const hits = await search(db.prisma, { query: "pelicanbulk procedure step 3", userId: null, filters: { sources: [source] } }, { embedder });
      expect(hits[0]?.title).toBe("Page 3");
      return "loaded";
    });
    expect(value).toBe("loaded");
    expect(restored.hnswSeconds).toBeGreaterThan(0);
    expect(restored.termSeconds).toBeGreaterThan(0);
    expect(await searchIndexes()).toEqual(original);
    const hits = await search(db.prisma, { query: "pelicanbulk procedure step 4", userId: null, filters: { sources: [source] } }, { embedder });
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

  it("indexes a killed bulk import left missing are built again by ensureSearchIndexes, as they were; none when none is missing", async () => {
    const original = await searchIndexes();
    expect(await ensureSearchIndexes(db.prisma)).toEqual([]);
    await suspendSearchIndexes(db.prisma); // … and the process dies
    expect(await searchIndexes()).toEqual({});
    const logs: string[] = [];
    expect((await ensureSearchIndexes(db.prisma, (m) => logs.push(m))).sort()).toEqual([TERM_IMPACT_INDEX, "chunks_embedding_384_hnsw_idx"]);
    expect(logs.join("\n")).toMatch(/building the missing search index chunks_embedding_384_hnsw_idx/);
    expect(await searchIndexes()).toEqual(original);
    expect(await ensureSearchIndexes(db.prisma)).toEqual([]);
  });
});
