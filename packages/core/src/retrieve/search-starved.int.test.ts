// A database of its own: the scenario needs every chunk in the table to be the test's, and changes settings
// of the session.
import { randomUUID } from "node:crypto";
import pgvector from "pgvector";
import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@lore/db/client";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { markdownDoc } from "../testing/documents";
import { createTestUser } from "../testing/users";
import { buildVectorIndex } from "../knowledge-base/search-indexes/vector-index-upkeep";
import { indexDocument } from "../knowledge-base/publish/publish";
import { search } from "./search";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

describe("a caller who may read little of the knowledge base", () => {
  it("still gets the nearest chunks they may read when the index scan gives up early (ivfflat.max_probes)", async () => {
    if (!db.embedded) return; // session settings are shared with this client only on the embedded server
    const group = await db.prisma.group.create({ data: { id: randomUUID(), name: `starve-${randomUUID().slice(0, 8)}` } });
    // Many restricted chunks close to the question (more than the probed lists hold), a few public ones far from it.
    for (let i = 0; i < 250; i++) {
      const text = `Renew your parking permit ${i} at the front desk before the parking permit expires.`;
      await indexDocument(
        db.prisma,
        { source: "wiki", doc: markdownDoc(`restricted-${i}`, `Parking permit ${i}`, text), groups: [group.name] },
        { embedder },
      );
    }
    for (let i = 0; i < 10; i++) {
      await indexDocument(
        db.prisma,
        { source: "wiki", doc: markdownDoc(`public-${i}`, `Canteen ${i}`, `The canteen menu ${i} changes on Mondays; soup is free.`) },
        { embedder },
      );
    }
    const query = "how do I renew my parking permit";
    const vector = pgvector.toSql(await embedder.embedQuery(query));
    // The vector retriever's query shape for an anonymous caller (public documents only).
    const annCount = async () => {
      const [row] = await db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM (
          SELECT c.id FROM chunks c JOIN documents d ON d.current_version_id = c.document_version_id
          WHERE c.embedding_dims = 384 AND NOT EXISTS (SELECT 1 FROM document_access da WHERE da.document_id = d.id)
          ORDER BY c.embedding::vector(384) <=> ${vector}::vector(384) LIMIT 40) t`;
      return Number(row!.n);
    };
    expect(await annCount()).toBe(10);
    // As on a large table whose server caps the iterative scan: the planner takes the index (on a table this
    // small it would rather scan and sort), whose lists hold about two chunks each, and the scan stops after
    // the lists it probes (ivfflat.max_probes), all among the restricted chunks nearer than any public one.
    await buildVectorIndex(db.prisma, embedder.dimensions, 130);
    await db.prisma.$executeRaw`SET enable_seqscan = off`;
    await db.prisma.$executeRaw`SET ivfflat.probes = 1`;
    await db.prisma.$executeRaw`SET ivfflat.max_probes = 1`;
    const statements: string[] = [];
    const client = createPrismaClient(db.url, { onQuery: (e) => statements.push(e.query) });
    try {
      expect(await annCount()).toBeLessThan(10); // the index scan stops among the restricted chunks
      // The index scan comes back short. The caller may read 10 chunks: by default all of them are scored (the
      // narrow statement); with narrowMaxChunks 0, an exact scan over what they may read decides instead.
      const narrowStatement = (q: string) => q.includes("readable AS MATERIALIZED");
      const exactScan = (q: string) => q.includes("OFFSET 0) c") && !narrowStatement(q);
      for (const mode of ["vector", "hybrid"] as const) {
        for (const narrowMaxChunks of [undefined, 0]) {
          const label = `${mode}, narrowMaxChunks ${narrowMaxChunks}`;
          statements.length = 0;
          const results = await search(client, { query, userId: null, mode, k: 8, narrowMaxChunks }, { embedder });
          expect(
            results.map((r) => r.title).every((t) => t.startsWith("Canteen")),
            label,
          ).toBe(true);
          if (mode === "vector") expect(results, label).toHaveLength(8);
          expect(statements.some(narrowStatement), label).toBe(narrowMaxChunks === undefined);
          expect(statements.some(exactScan), label).toBe(narrowMaxChunks === 0);
        }
      }
    } finally {
      await client.$disconnect();
      await db.prisma.$executeRaw`RESET ivfflat.max_probes`;
      await db.prisma.$executeRaw`RESET ivfflat.probes`;
      await db.prisma.$executeRaw`RESET enable_seqscan`;
    }
  });

  it("is remembered as such: their next searches score what they may read straight away, until that grows", async () => {
    const run = randomUUID().slice(0, 8);
    const group = await db.prisma.group.create({ data: { id: randomUUID(), name: `few-${run}` } });
    const reader = await createTestUser(db.prisma, { name: "Reader" });
    await db.prisma.groupMembership.create({ data: { userId: reader.id, groupId: group.id } });
    const add = async (i: number) => {
      const text = `Bicycle storage ${i} is in the basement; bring your own lock for the bicycle rack.`;
      await indexDocument(
        db.prisma,
        {
          source: `few-${run}`,
          doc: { externalId: `few-${run}-${i}`, title: `Bicycles ${i}`, text, mimeType: "text/markdown", language: "en" },
          groups: [group.name],
        },
        { embedder },
      );
    };
    for (let i = 0; i < 3; i++) await add(i);
    // A knowledge base ten times the reader's at least (a reader is remembered only then), whatever else is in
    // this database: a public page of 40 sections, one chunk each.
    const filler = Array.from({ length: 40 }, (_, i) => `## Menu ${i}\n\n${"The kitchen menu changes every week. ".repeat(40)}`).join(
      "\n\n",
    );
    await indexDocument(
      db.prisma,
      {
        source: `few-${run}-filler`,
        doc: { externalId: "filler", title: "Weekly menus", text: filler, mimeType: "text/markdown", language: "en" },
      },
      { embedder },
    );
    const statements: string[] = [];
    const client = createPrismaClient(db.url, { onQuery: (e) => statements.push(e.query) });
    const kinds = () =>
      statements
        .map((q) =>
          q.includes("readable AS MATERIALIZED")
            ? "narrow"
            : q.includes("first_pass AS")
              ? "usual"
              : q.includes("OFFSET 0) c")
                ? "exact"
                : "other",
        )
        .filter((k) => k !== "other");
    const params = {
      query: "where can I store my bicycle",
      userId: reader.id,
      k: 8,
      filters: { sources: [`few-${run}`] },
      narrowMaxChunks: 4,
    };
    try {
      // First search: the usual statement comes back short (3 chunks), then all 3 are scored.
      const first = await search(client, params, { embedder });
      expect(first.filter((r) => r.title.startsWith("Bicycles"))).toHaveLength(3);
      expect(kinds()).toEqual(["usual", "narrow"]);
      // Next: straight to the narrow statement, same results.
      statements.length = 0;
      expect(await search(client, params, { embedder })).toEqual(first);
      expect(kinds()).toEqual(["narrow"]);
      // Another client has its own memory.
      const other = createPrismaClient(db.url, { onQuery: (e) => statements.push(e.query) });
      statements.length = 0;
      await search(other, params, { embedder }).finally(() => other.$disconnect());
      expect(kinds()).toEqual(["usual", "narrow"]);
      // The reader's documents grow past the limit: the narrow statement gives way (once), and is forgotten.
      await add(3);
      await add(4);
      statements.length = 0;
      const grown = await search(client, params, { embedder });
      expect(grown.filter((r) => r.title.startsWith("Bicycles"))).toHaveLength(5);
      expect(kinds()).toEqual(["narrow", "usual", "exact"]);
      statements.length = 0;
      await search(client, params, { embedder });
      expect(kinds()).toEqual(["usual", "narrow", "exact"]);

      // A caller who may read more than a tenth of the knowledge base is not remembered: the usual path is
      // cheaper for them. (40 public chunks of ~300; asking for 60 candidates makes the vector list short.)
      const wide = `wide-${run}`;
      for (let i = 0; i < 40; i++) {
        await indexDocument(
          db.prisma,
          {
            source: wide,
            doc: {
              externalId: `${wide}-${i}`,
              title: `Lockers ${i}`,
              text: `Locker ${i} is by the gym.`,
              mimeType: "text/markdown",
              language: "en",
            },
          },
          { embedder },
        );
      }
      const [stats] = await db.prisma.$queryRaw<{ total: bigint }[]>`SELECT df AS total FROM term_stats WHERE lexeme = ''`;
      expect(40 / Number(stats!.total)).toBeGreaterThan(0.1);
      const wideParams = { query: "where is my locker", userId: null, k: 8, candidates: 60, filters: { sources: [wide] } };
      for (let i = 0; i < 2; i++) {
        statements.length = 0;
        expect(await search(client, wideParams, { embedder })).toHaveLength(8);
        expect(kinds()).toEqual(["usual", "narrow"]);
      }
    } finally {
      await client.$disconnect();
    }
  });
});
