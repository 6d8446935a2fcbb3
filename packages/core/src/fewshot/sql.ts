/**
 * The SQL pieces selection and standard answers share: which examples a caller may be given, and how similar
 * an example's question is to the asked one. Both expect the example aliased `e`.
 */
import pgvector from "pgvector";
import { Prisma } from "@lore/db";
import { visibleDocumentSql, type AccessPrincipal } from "../knowledge-base/access";
import { checkDimensions } from "../knowledge-base/search-indexes/vector-index";

/**
 * THE access rule of examples: an example is usable by `userId` when EVERY document it links to is readable by
 * them (knowledge-base/access.ts's document rule) and has a current version; an example without links is
 * usable by everyone. One unreadable link is enough to exclude it: its answer may repeat what that document says.
 */
export function usableExampleSql(userId: AccessPrincipal): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (
    SELECT 1 FROM few_shot_example_documents l JOIN documents d ON d.id = l.document_id
    WHERE l.example_id = e.id AND NOT (d.current_version_id IS NOT NULL AND ${visibleDocumentSql(userId)}))`;
}

export interface ExampleVectorSql {
  /** Cosine similarity of `e`'s question to the asked one. */
  similarity: Prisma.Sql;
  /** Cosine distance, for ORDER BY. */
  distance: Prisma.Sql;
  /** The conditions of a candidate: enabled, with a vector of the asked question's model, usable by the caller. */
  candidate: Prisma.Sql;
}

export function exampleVectorSql(args: { userId: AccessPrincipal; queryVector: readonly number[]; embedderId: string }): ExampleVectorSql {
  const dims = Prisma.raw(String(checkDimensions(args.queryVector.length)));
  const distance = Prisma.sql`(e.embedding::vector(${dims}) <=> ${pgvector.toSql([...args.queryVector])}::vector(${dims}))`;
  return {
    distance,
    similarity: Prisma.sql`(1 - ${distance})`,
    candidate: Prisma.sql`e.enabled AND e.embedding IS NOT NULL AND e.embedding_model = ${args.embedderId}
      AND e.embedding_dims = ${dims} AND ${usableExampleSql(args.userId)}`,
  };
}

/** The ids of `e`'s linked documents, sorted. */
export const LINKED_DOCUMENT_IDS = Prisma.sql`ARRAY(SELECT l.document_id FROM few_shot_example_documents l WHERE l.example_id = e.id ORDER BY 1)`;
