import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@lore/db/client";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { markdownDoc } from "../testing/documents";
import { createTestUser } from "../testing/users";
import { withBadLastVector } from "../testing/embedders";
import { deleteDocument, indexDocument } from "../knowledge-base";
import { search } from "./search";
import { termIndexStats } from "../knowledge-base/search-indexes/term-stats";

// The keyword retriever: BM25 over the term index (chunk_terms + term_stats, kept by ingestion and a delete trigger).

const db = useTestDatabase();
const embedder = createHashingEmbedder();

/** term_stats as ingestion and the delete trigger keep it, against the truth recomputed from the postings themselves. */
async function statsMatchPostings(): Promise<void> {
  const drift = await db.prisma.$queryRaw<{ lexeme: string }[]>`
    SELECT coalesce(s.lexeme, t.term_id::text) AS lexeme
    FROM term_stats s FULL JOIN (SELECT term_id, count(*) AS df, sum(impact) AS impact_sum FROM chunk_terms GROUP BY term_id) t ON t.term_id = s.id
    WHERE s.df IS DISTINCT FROM t.df OR abs(s.impact_sum - t.impact_sum) > 1e-3 * greatest(1, abs(t.impact_sum))`;
  expect(drift).toEqual([]);
}

/** The postings of current versions: exactly one set per (version, ordinal) of each document's current version. */
async function postingsAreCurrent(): Promise<void> {
  const stale = await db.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM chunk_terms ct
    WHERE NOT EXISTS (SELECT 1 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE v.seq = ct.version_seq)`;
  expect(Number(stale[0]!.n)).toBe(0);
  const missing = await db.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM chunks c JOIN documents d ON d.current_version_id = c.document_version_id
    JOIN document_versions v ON v.id = c.document_version_id
    WHERE NOT EXISTS (SELECT 1 FROM chunk_terms ct JOIN term_stats s ON s.id = ct.term_id
                      WHERE ct.version_seq = v.seq AND ct.ordinal = c.ordinal AND s.lexeme = '')`;
  expect(Number(missing[0]!.n)).toBe(0);
}

describe("term index maintenance", () => {
  it("follows creates, new versions, reindexes, failures and deletes, with statistics that match the postings", async () => {
    const source = `terms-${randomUUID()}`;
    const before = await termIndexStats(db.prisma);
    const a = await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("a", "Relocation", "Relocation support covers removal costs and two weeks of temporary housing.") },
      { embedder },
    );
    const b = await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("b", "Housing", "Temporary housing is booked by the facilities team.") },
      { embedder },
    );
    await postingsAreCurrent();
    await statsMatchPostings();
    const afterCreate = await termIndexStats(db.prisma);
    expect(afterCreate.chunks).toBe(before.chunks + a.chunks + b.chunks);
    expect(afterCreate.averageLength).toBeGreaterThan(0);

    // Document frequency of a word, looked up under its English lexeme ("housing" is stored as "hous").
    const dfOf = async (word: string) => {
      const [row] = await db.prisma.$queryRaw<{ df: bigint | null }[]>`
        SELECT (SELECT df FROM term_stats WHERE lexeme = (tsvector_to_array(to_tsvector('english', ${word})))[1]) AS df`;
      return Number(row?.df ?? 0);
    };
    expect(await dfOf("housing")).toBe(2);
    expect(await dfOf("removal")).toBe(1);

    // A new version replaces the old one's postings (its chunks stay, for citations).
    await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("a", "Relocation", "Relocation support covers shipping costs only.") },
      { embedder },
    );
    await postingsAreCurrent();
    await statsMatchPostings();
    expect(await dfOf("removal")).toBe(0);
    expect(await dfOf("shipping")).toBe(1);
    expect(await dfOf("housing")).toBe(1);

    // A forced reindex (same content, new version) keeps exactly one set.
    await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("b", "Housing", "Temporary housing is booked by the facilities team."), force: true },
      { embedder },
    );
    await postingsAreCurrent();
    expect(await dfOf("housing")).toBe(1);

    // A failed import whose first chunks (and their postings) were already written leaves no postings behind:
    // the last vector is bad, so the last single-chunk batch fails after the others went in.
    const poisoned = withBadLastVector(embedder);
    const long = Array.from(
      { length: 40 },
      (_, i) => `Unicornword paragraph ${i} about the unicornword rules and their many exceptions.`,
    ).join("\n\n");
    await expect(
      indexDocument(db.prisma, { source, doc: markdownDoc("c", "Broken", long) }, { embedder: poisoned, chunkTokens: 120, batchSize: 1 }),
    ).rejects.toThrow();
    expect(await dfOf("unicornword")).toBe(0);
    await statsMatchPostings();

    expect(await deleteDocument(db.prisma, b.documentId)).toBe(true);
    await postingsAreCurrent();
    await statsMatchPostings();
    expect(await dfOf("housing")).toBe(0);
    expect((await termIndexStats(db.prisma)).chunks).toBe(before.chunks + a.chunks);
  });
});

describe("BM25 ranking", () => {
  it("weighs rare words above common ones, and the title above the body", async () => {
    const source = `bm25-${randomUUID()}`;
    // "policy" is everywhere; "sabbatical" is in one page only, once. The page saying "policy" most must not
    // beat the one page that has the rare word.
    const ids: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      const r = await indexDocument(
        db.prisma,
        { source, doc: markdownDoc(`p${i}`, `Page ${i}`, `This policy page ${i} restates the policy. Policy, policy and policy again.`) },
        { embedder },
      );
      ids[`p${i}`] = r.documentId;
    }
    const rare = await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("rare", "Career breaks", "A sabbatical of up to six months may be granted under this policy.") },
      { embedder },
    );
    const top = await search(
      db.prisma,
      { query: "sabbatical policy", userId: null, mode: "fulltext", filters: { sources: [source] } },
      { embedder },
    );
    expect(top[0]?.documentId).toBe(rare.documentId);
    expect(top[0]!.scores.fulltext).toBeGreaterThan(top[1]!.scores.fulltext!);

    // Same body words, one page has the query word in its title: it ranks first.
    const body = "Requests are approved by your manager within five working days.";
    const inBody = await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("body", "Approvals", `${body} Overtime is paid monthly.`) },
      { embedder },
    );
    const inTitle = await indexDocument(db.prisma, { source, doc: markdownDoc("title", "Overtime", body) }, { embedder });
    const overtime = await search(
      db.prisma,
      { query: "overtime", userId: null, mode: "fulltext", filters: { sources: [source] } },
      { embedder },
    );
    expect(overtime.map((r) => r.documentId).slice(0, 2)).toEqual([inTitle.documentId, inBody.documentId]);
  });

  it("matches documents indexed with the 'simple' configuration (Vietnamese) as well as stemmed English", async () => {
    const source = `lang-${randomUUID()}`;
    const vi = await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("vi", "Nghỉ phép", "Nhân viên được nghỉ phép năm mười hai ngày.", { language: "vi" }) },
      { embedder },
    );
    const en = await indexDocument(
      db.prisma,
      { source, doc: markdownDoc("en", "Holidays", "Employees receive holidays every year.") },
      { embedder },
    );
    const viResults = await search(
      db.prisma,
      { query: "nghỉ phép năm", userId: null, mode: "fulltext", filters: { sources: [source] } },
      { embedder },
    );
    expect(viResults[0]?.documentId).toBe(vi.documentId);
    const enResults = await search(
      db.prisma,
      { query: "holiday", userId: null, mode: "fulltext", filters: { sources: [source] } },
      { embedder },
    );
    expect(enResults[0]?.documentId).toBe(en.documentId); // "holiday" and "holidays" share the stem
  });

  it("widens its read when the access check removes the best postings, so a restricted reader still finds their matches", async () => {
    const run = randomUUID().slice(0, 8);
    const source = `wide-${run}`;
    const group = await db.prisma.group.create({ data: { id: randomUUID(), name: `wide-${run}` } });
    const reader = await createTestUser(db.prisma, { name: "Reader" });
    await db.prisma.groupMembership.create({ data: { userId: reader.id, groupId: group.id } });
    // 110 pages the reader may NOT read, each saying "ferry" often (high impact), and 5 they may read, saying
    // it once (low impact). The first pass re-scores the best 100 postings only: all unreadable.
    const other = await db.prisma.group.create({ data: { id: randomUUID(), name: `wide-other-${run}` } });
    for (let i = 0; i < 110; i++) {
      await indexDocument(
        db.prisma,
        { source, doc: markdownDoc(`hidden${i}`, `Ferry ${i}`, "Ferry ferry ferry timetable."), groups: [other.name] },
        { embedder },
      );
    }
    const visible = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const r = await indexDocument(
        db.prisma,
        {
          source,
          doc: markdownDoc(
            `open${i}`,
            `Commuting ${i}`,
            `Commuting options ${i}: a ferry runs on weekdays, and the bus and train every day of the week.`,
          ),
          groups: [group.name],
        },
        { embedder },
      );
      visible.add(r.documentId);
    }
    // The reader may read 5 chunks: by default they are all scored (the narrow statement); with narrowMaxChunks 0
    // the keyword retriever reads wider passes instead. Both find every readable match.
    // Each search on a client of its own: a client remembers callers who may read little (search.ts, narrowScopes).
    const statements: string[] = [];
    const searchAfresh = async (params: Parameters<typeof search>[1]) => {
      const client = createPrismaClient(db.url, { onQuery: (e) => statements.push(e.query) });
      try {
        return await search(client, params, { embedder });
      } finally {
        await client.$disconnect();
      }
    };
    const keywordPasses = () => statements.filter((q) => q.includes("first_pass AS")).length;
    const narrowStatements = () => statements.filter((q) => q.includes("readable AS MATERIALIZED")).length;
    const scores: [string, number | undefined][][] = [];
    for (const narrowMaxChunks of [undefined, 0]) {
      statements.length = 0;
      const params = { query: "ferry", userId: reader.id, k: 10, filters: { sources: [source] }, narrowMaxChunks };
      const results = await searchAfresh({ ...params, mode: "fulltext" });
      expect(new Set(results.map((r) => r.documentId))).toEqual(visible);
      scores.push(results.map((r) => [r.chunkId, r.scores.fulltext]));
      expect(keywordPasses()).toBe(narrowMaxChunks === 0 ? 2 : 1);
      expect(narrowStatements()).toBe(narrowMaxChunks === 0 ? 0 : 1);
      // In hybrid mode the first keyword pass runs inside the combined statement; the rest must still happen.
      statements.length = 0;
      const hybrid = await searchAfresh({ ...params, mode: "hybrid" });
      expect(new Set(hybrid.map((r) => r.documentId))).toEqual(visible);
      expect(hybrid.filter((r) => r.scores.fulltext !== undefined)).toHaveLength(visible.size);
      expect(narrowStatements()).toBe(narrowMaxChunks === 0 ? 0 : 1);
    }
    // Both are exact BM25 here (the wider pass reads every posting of this small corpus): same chunks, same scores.
    expect(scores[0]).toEqual(scores[1]);
    const anonymous = await search(
      db.prisma,
      { query: "ferry", userId: null, mode: "fulltext", filters: { sources: [source] } },
      { embedder },
    );
    expect(anonymous).toEqual([]);
  });
});
