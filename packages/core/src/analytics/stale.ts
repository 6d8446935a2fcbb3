/**
 * Stale examples, as analytics lists them: an example linked to a document whose current version was published
 * after the example was last reviewed (`reviewed_at`, which edits of the question, answer or links and "mark
 * reviewed" set; not `updated_at`, which a pin toggle changes). Not tied to the date range: it is the state now.
 */
import type { PrismaClient } from "@lore/db";

export interface StaleExampleDocument {
  documentId: string;
  title: string;
  /** The current version, published after the review. */
  versionId: string;
  changedAt: Date;
  /** The version that was current when the example was reviewed (null if the document is newer than that). */
  reviewedVersionId: string | null;
}

export interface StaleExample {
  exampleId: string;
  question: string;
  reviewedAt: Date;
  /** Its linked documents that changed since, most recent change first. */
  documents: StaleExampleDocument[];
}

export interface StaleExamplesResult {
  items: StaleExample[];
  /** Stale examples in all (items holds at most `limit`). */
  total: number;
}

/** The stale examples, the most recently changed first, at most `limit`, with the total. */
export async function staleExamples(db: PrismaClient, limit = 10): Promise<StaleExamplesResult> {
  const rows = await db.$queryRaw<(Omit<StaleExample, "documents"> & { documents: StaleExampleDocument[]; total: number })[]>`
    WITH changed AS (
      SELECT e.id AS example_id, e.question, e.reviewed_at, d.id AS document_id, d.title, v.id AS version_id,
             v.created_at AS changed_at,
             (SELECT r.id FROM document_versions r
              WHERE r.document_id = d.id AND r.created_at <= e.reviewed_at
              ORDER BY r.version DESC LIMIT 1) AS reviewed_version_id
      FROM few_shot_examples e
      JOIN few_shot_example_documents ed ON ed.example_id = e.id
      JOIN documents d ON d.id = ed.document_id
      JOIN document_versions v ON v.id = d.current_version_id
      WHERE v.created_at > e.reviewed_at
    )
    SELECT example_id AS "exampleId", question, reviewed_at AS "reviewedAt",
           jsonb_agg(jsonb_build_object('documentId', document_id, 'title', title, 'versionId', version_id,
                                        'changedAt', changed_at, 'reviewedVersionId', reviewed_version_id)
                     ORDER BY changed_at DESC, document_id) AS documents,
           (count(*) OVER ())::int AS total
    FROM changed
    GROUP BY example_id, question, reviewed_at
    ORDER BY max(changed_at) DESC, example_id
    LIMIT ${limit}`;
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _total, documents, ...example }) => ({
      ...example,
      documents: documents.map((d) => ({ ...d, changedAt: new Date(d.changedAt) })),
    })),
  };
}
