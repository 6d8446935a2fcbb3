/**
 * The rows of a version's chunks, written with their postings in the BM25 term index: the term index's only
 * writer (retrieve/keyword.ts reads it; the term_index migrations define it).
 */
import { randomUUID } from "node:crypto";
import pgvector from "pgvector";
import { Prisma, type PrismaClient } from "@lore/db";
import type { Embedder } from "../../embed/types";
import type { Chunk } from "../../ingest/chunk";
import type { TextSearchConfig } from "./context";

export function chunkRow(args: {
  chunk: Chunk;
  vector: number[];
  documentId: string;
  versionId: string;
  title: string;
  tsConfig: TextSearchConfig;
  embedder: Embedder;
}): Prisma.Sql {
  const { chunk, vector, tsConfig, embedder } = args;
  // Title weighs most (A), then the heading path (B), then the body (C): a query naming the page or the
  // section ranks its chunks above chunks that merely mention the words.
  return Prisma.sql`(
    ${randomUUID()}, ${args.documentId}, ${args.versionId}, ${chunk.ordinal}, ${chunk.text}, ${chunk.headingPath}::text[],
    ${chunk.tokenCount}, ${pgvector.toSql(vector)}::vector, ${embedder.id}, ${embedder.dimensions},
    setweight(to_tsvector(${tsConfig}::regconfig, ${args.title}), 'A')
      || setweight(to_tsvector(${tsConfig}::regconfig, ${chunk.headingPath.join(" ")}), 'B')
      || setweight(to_tsvector(${tsConfig}::regconfig, ${chunk.text}), 'C')
  )`;
}

/**
 * One statement per batch, atomic by itself, so no explicit transaction is held open: the chunks, and
 * their postings in the BM25 term index computed from the tsv just written (see the term_index
 * migrations; the average chunk length comes from the index's own statistics). The statistics upsert
 * gives every lexeme its term id (a new one for a new lexeme) and counts the new postings; it takes
 * the rows in lexeme order, the order the delete trigger locks them in.
 */
export async function insertChunksWithPostings(db: PrismaClient, rows: Prisma.Sql[], versionSeq: number): Promise<void> {
  await db.$executeRaw`
    WITH inserted AS (
      INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, heading_path, token_count,
                          embedding, embedding_model, embedding_dims, tsv)
      VALUES ${Prisma.join(rows)}
      RETURNING ordinal, tsv, token_count),
    -- The average chunk length as a plain column, so Postgres inlines chunk_term_impacts into this
    -- statement (with a subquery among its arguments it calls the function once per chunk instead).
    average AS (
      SELECT coalesce((SELECT impact_sum / df FROM term_stats WHERE lexeme = ''),
                      (SELECT avg(token_count) FROM inserted)) AS length),
    postings AS MATERIALIZED (
      SELECT p.lexeme, i.ordinal, p.impact
      FROM inserted i CROSS JOIN average a, LATERAL chunk_term_impacts(i.tsv, i.token_count, a.length) p),
    terms AS (
      INSERT INTO term_stats (lexeme, df, impact_sum)
      SELECT lexeme, count(*), sum(impact) FROM postings GROUP BY lexeme ORDER BY lexeme
      ON CONFLICT (lexeme) DO UPDATE SET df = term_stats.df + excluded.df, impact_sum = term_stats.impact_sum + excluded.impact_sum
      RETURNING id, lexeme)
    INSERT INTO chunk_terms (term_id, version_seq, ordinal, impact)
    SELECT t.id, ${versionSeq}, p.ordinal, p.impact
    FROM postings p JOIN terms t ON t.lexeme = p.lexeme`;
}
