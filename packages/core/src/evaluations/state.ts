/**
 * The state of what a run answers from, recorded when it starts and when it ends, so that two runs can tell whether
 * they answered from the same knowledge: the documents (each one's current version and access groups) and the
 * few-shot examples (each one's last edit and whether it is enabled). Each is a count and an MD5 over the sorted
 * list; the list itself is kept too while it is small, so a comparison can name what changed.
 */
import type { PrismaClient } from "@lore/db";

/** Lists up to this long are stored whole with the run. */
export const STATE_LIST_LIMIT = 500;

export interface KnowledgeState {
  documents: number;
  /** MD5 over "document id:current version id:group ids" lines, in document id order. */
  documentsHash: string;
  /** [document id, current version id] pairs, when there are at most {@link STATE_LIST_LIMIT}. */
  versions?: Array<[string, string]>;
  examples: number;
  /** MD5 over "example id:updated at:enabled" lines, in id order. */
  examplesHash: string;
}

export async function knowledgeState(db: PrismaClient): Promise<KnowledgeState> {
  const [documents] = await db.$queryRaw<[{ count: number; hash: string }]>`
    SELECT count(*)::int AS count,
           md5(coalesce(string_agg(d.id || ':' || d.current_version_id || ':' || coalesce(g.groups, ''), E'\n' ORDER BY d.id), '')) AS hash
    FROM documents d
    LEFT JOIN LATERAL (SELECT string_agg(a.group_id, ',' ORDER BY a.group_id) AS groups FROM document_access a WHERE a.document_id = d.id) g ON true
    WHERE d.current_version_id IS NOT NULL`;
  const [examples] = await db.$queryRaw<[{ count: number; hash: string }]>`
    SELECT count(*)::int AS count,
           md5(coalesce(string_agg(e.id || ':' || e.updated_at::text || ':' || e.enabled::text, E'\n' ORDER BY e.id), '')) AS hash
    FROM few_shot_examples e`;
  const versions =
    documents.count <= STATE_LIST_LIMIT
      ? await db.document.findMany({
          where: { currentVersionId: { not: null } },
          orderBy: { id: "asc" },
          select: { id: true, currentVersionId: true },
        })
      : null;
  return {
    documents: documents.count,
    documentsHash: documents.hash,
    ...(versions ? { versions: versions.map((d) => [d.id, d.currentVersionId!] as [string, string]) } : {}),
    examples: examples.count,
    examplesHash: examples.hash,
  };
}

export interface StateChange {
  documents: boolean;
  examples: boolean;
  /** Documents whose version differs, added or removed (when both lists were kept). */
  changedDocuments?: string[];
}

/** What changed from one recorded state to another. */
export function stateChange(a: KnowledgeState, b: KnowledgeState): StateChange {
  const change: StateChange = { documents: a.documentsHash !== b.documentsHash, examples: a.examplesHash !== b.examplesHash };
  if (change.documents && a.versions && b.versions) {
    const before = new Map(a.versions);
    const after = new Map(b.versions);
    change.changedDocuments = [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id)).sort();
  }
  return change;
}
