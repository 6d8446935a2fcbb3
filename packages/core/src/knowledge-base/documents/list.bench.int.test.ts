/**
 * The admin documents list at 10,000 documents: seeds them by SQL (a fifth restricted to a group, a third tagged,
 * titles and dates spread), then times each filter and sort of `listDocuments` (first page and a page deep in the
 * keyset) and prints one JSON object per case: p50 and p95 in milliseconds. Figures: docs/admin-console/documents.md.
 *
 * Off by default (it takes a while): LORE_BENCH_DOCUMENTS=1 pnpm -s vitest run --project int src/knowledge-base/documents/list.bench.int.test.ts
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { listDocuments, type ListDocumentsParams } from "..";

const enabled = process.env.LORE_BENCH_DOCUMENTS === "1";
const DOCUMENTS = 10_000;
const RUNS = 30;

const db = useTestDatabase();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe.skipIf(!enabled)("documents list at 10,000 documents", () => {
  it("prints p50/p95 per filter and sort", { timeout: 900_000 }, async () => {
    const source = `bench-${randomUUID().slice(0, 8)}`;
    const group = await db.prisma.group.create({ data: { id: randomUUID(), name: `bench-${randomUUID().slice(0, 8)}` } });
    await db.prisma.$executeRaw`
      INSERT INTO documents (id, source, external_id, title, mime_type, content_hash, tags, status, created_at, updated_at)
      SELECT gen_random_uuid()::text, ${source}, 'page-' || i,
             (ARRAY['Leave', 'Payroll', 'Security', 'Travel', 'Onboarding'])[1 + i % 5] || ' policy ' || md5(i::text),
             'text/html', md5(i::text),
             CASE WHEN i % 3 = 0 THEN ARRAY['handbook'] ELSE ARRAY[]::text[] END,
             (CASE WHEN i % 50 = 0 THEN 'failed' ELSE 'ready' END)::document_status,
             now() - (i || ' minutes')::interval, now() - ((i * 7919) % ${DOCUMENTS} || ' minutes')::interval
      FROM generate_series(1, ${DOCUMENTS}) AS i`;
    await db.prisma.$executeRaw`
      INSERT INTO document_access (document_id, group_id)
      SELECT id, ${group.id} FROM documents WHERE source = ${source} AND external_id ~ '[05]$'`;
    await db.prisma.$executeRaw`ANALYZE documents`;
    await db.prisma.$executeRaw`ANALYZE document_access`;

    const cases: Record<string, ListDocumentsParams> = {
      "updated desc": {},
      "updated asc": { sort: "updated", dir: "asc" },
      "title asc": { sort: "title" },
      "title desc": { sort: "title", dir: "desc" },
      "created desc": { sort: "created" },
      "status failed": { status: "failed" },
      source: { source },
      "tag handbook": { tag: "handbook" },
      group: { group: group.name },
      "updated last day": { updatedAfter: new Date(Date.now() - 86_400_000) },
      "title search 'payroll'": { query: "payroll" },
      "search + tag + title sort": { query: "leave", tag: "handbook", sort: "title" },
    };
    for (const [name, params] of Object.entries(cases)) {
      // A page deep in the list: the cursor after 20 pages of 50.
      let deepCursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const r = await listDocuments(db.prisma, { ...params, limit: 50, ...(deepCursor ? { cursor: deepCursor } : {}) });
        if (!r.nextCursor) break;
        deepCursor = r.nextCursor;
      }
      for (const [which, cursor] of [
        ["first page", undefined],
        ["page 21", deepCursor],
      ] as const) {
        if (which === "page 21" && !cursor) continue;
        const times: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const start = performance.now();
          const r = await listDocuments(db.prisma, { ...params, limit: 50, ...(cursor ? { cursor } : {}) });
          times.push(performance.now() - start);
          expect(r.items.length).toBeGreaterThan(0);
        }
        times.sort((a, b) => a - b);
        console.log(
          JSON.stringify({
            bench: "documents.list",
            documents: DOCUMENTS,
            case: name,
            page: which,
            p50Ms: +percentile(times, 50).toFixed(1),
            p95Ms: +percentile(times, 95).toFixed(1),
          }),
        );
      }
    }
  });
});
