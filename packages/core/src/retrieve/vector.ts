/**
 * The vector retriever: cosine distance over pgvector, through the partial IVFFlat index of the embedder's size
 * (knowledge-base/search-indexes/vector-index.ts) or, for a caller who may read little, exactly over what they may read.
 */
import pgvector from "pgvector";
import { Prisma, type PrismaClient } from "@lore/db";
import { CURRENT_CHUNKS, readableChunksSql, type AccessPrincipal } from "../knowledge-base/access";
import { checkDimensions, withVectorScanSettings } from "../knowledge-base/search-indexes/vector-index";
import { CANDIDATE_COLUMNS, WITH_COLUMNS, type CandidateRow, type Tx } from "./candidates";

export interface VectorSql {
  /** The query vector's cosine distance to `c.embedding`. */
  distance: Prisma.Sql;
  /** The conditions on `c` of a chunk either retriever may return (the active model's, with its vector). */
  chunks: Prisma.Sql;
  /** The best `candidates` chunk ids (`id`, `score`) the caller may read, through the index. */
  ids: Prisma.Sql;
}

/**
 * The vector retriever's statements. The WHERE on embedding_dims and the ORDER BY cast repeat the partial
 * vector index's definition exactly, which is what lets the planner use it. The columns (the vector above all)
 * are computed for the winners only, not for every row a small table's exact scan sorts.
 */
export function vectorSql(args: {
  queryVector: number[] | null;
  model: string;
  dimensions: number;
  acl: Prisma.Sql;
  filters: Prisma.Sql;
  candidates: number;
}): VectorSql {
  const dims = Prisma.raw(String(checkDimensions(args.dimensions)));
  const distance = Prisma.sql`c.embedding::vector(${dims}) <=> ${pgvector.toSql(args.queryVector)}::vector(${dims})`;
  const chunks = Prisma.sql`c.embedding_dims = ${dims} AND c.embedding_model = ${args.model} AND c.embedding IS NOT NULL`;
  const ids = Prisma.sql`
    SELECT c.id, 1 - (${distance}) AS score
    FROM ${CURRENT_CHUNKS}
    WHERE ${chunks} AND ${args.acl} AND ${args.filters}
    ORDER BY ${distance}
    LIMIT ${args.candidates}`;
  return { distance, chunks, ids };
}

/** The vector retriever on its own, through the index. */
export function vectorCandidates(db: PrismaClient, dimensions: number, sql: VectorSql): Promise<CandidateRow[]> {
  return withVectorScanSettings(
    db,
    dimensions,
    (q) => q.$queryRaw<CandidateRow[]>`SELECT ${CANDIDATE_COLUMNS}, v.score FROM (${sql.ids}) v ${WITH_COLUMNS}`,
  );
}

/** Exact distances over every chunk the caller may read, starting from the documents they may read. */
export function exactVectorCandidates(
  db: Tx,
  sql: VectorSql,
  args: { userId: AccessPrincipal; filters: Prisma.Sql; candidates: number },
): Promise<CandidateRow[]> {
  return db.$queryRaw<CandidateRow[]>`
    SELECT ${CANDIDATE_COLUMNS}, v.score
    FROM (SELECT c.id, 1 - (${sql.distance}) AS score
          FROM ${readableChunksSql(args.userId, args.filters, sql.chunks)}
          ORDER BY ${sql.distance}, c.id
          LIMIT ${args.candidates}) v ${WITH_COLUMNS}`;
}
