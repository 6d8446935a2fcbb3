/**
 * Stale examples for analytics and the dashboard: the rule and the links to each change are the examples
 * module's (fewshot/stale.ts: a linked document's current version is newer than the example's `reviewed_at`);
 * here only the newest few and the total. Not tied to the date range: it is the state now.
 */
import type { PrismaClient } from "@lore/db";
import { STALE_EXAMPLE_SQL, staleLinks, type StaleLink } from "../fewshot/stale";

export interface StaleExample {
  exampleId: string;
  question: string;
  reviewedAt: Date;
  /** Its linked documents that changed since, most recent change first, each with a link to the change. */
  documents: StaleLink[];
}

export interface StaleExamplesResult {
  items: StaleExample[];
  /** Stale examples in all (items holds at most `limit`). */
  total: number;
}

/** The stale examples, the most recently reviewed first, at most `limit`, with the total. */
export async function staleExamples(db: PrismaClient, limit = 10): Promise<StaleExamplesResult> {
  const rows = await db.$queryRaw<(Omit<StaleExample, "documents"> & { total: number })[]>`
    SELECT e.id AS "exampleId", e.question, e.reviewed_at AS "reviewedAt", (count(*) OVER ())::int AS total
    FROM few_shot_examples e
    WHERE ${STALE_EXAMPLE_SQL}
    ORDER BY e.reviewed_at DESC, e.id
    LIMIT ${limit}`;
  const links = await staleLinks(
    db,
    rows.map((r) => r.exampleId),
  );
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _total, ...example }) => ({ ...example, documents: links.get(example.exampleId) ?? [] })),
  };
}
