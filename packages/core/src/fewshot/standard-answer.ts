/**
 * Standard answers: when a curated example's question matches the asked one closely enough, the pipeline
 * answers with the example's answer and cites its linked documents instead of generating. This finds that
 * example; the caller decides whether the feature is on (a threshold) and records that it was used.
 */
import type { PrismaClient } from "@lore/db";
import type { AccessPrincipal } from "../knowledge-base/access";
import { exampleVectorSql } from "./sql";

export interface FindStandardAnswerParams {
  userId: AccessPrincipal;
  /** The question embedded with the active model. */
  queryVector: readonly number[];
  /** The active model's id. */
  embedderId: string;
  /** The least cosine similarity of the questions, in (0, 1]. */
  threshold: number;
}

/** A linked document as a citation needs it: its current version, title and first chunk. */
export interface StandardAnswerDocument {
  documentId: string;
  versionId: string;
  title: string;
  url: string | null;
  /** The current version's first chunk of the asked question's model (null while the version has none). */
  chunkId: string | null;
}

export interface StandardAnswer {
  example: {
    id: string;
    question: string;
    answer: string;
    documentIds: string[];
  };
  /** The linked documents, for the citations (every one readable by the asker). */
  documents: StandardAnswerDocument[];
  /** Cosine similarity of the example's question to the asked one (>= the threshold). */
  similarity: number;
}

interface Row {
  id: string;
  question: string;
  answer: string;
  similarity: number;
  /** Every linked document: the access rule let the example through only if each is readable and current. */
  documents: StandardAnswerDocument[];
}

/**
 * The enabled example most similar to the question, among those the asker may be given (the access rule of
 * sql.ts), when its similarity reaches `threshold`; else null. Ties go to the smaller id, so the answer is stable.
 */
export async function findStandardAnswer(
  db: Pick<PrismaClient, "$queryRaw">,
  params: FindStandardAnswerParams,
): Promise<StandardAnswer | null> {
  if (!(params.threshold > 0 && params.threshold <= 1))
    throw new RangeError(`A standard-answer threshold must be within (0, 1] (got ${params.threshold}).`);
  const sql = exampleVectorSql(params);
  // One statement, so the citations are those of the snapshot the access rule was checked in.
  const [row] = await db.$queryRaw<Row[]>`
    SELECT e.id, e.question, e.answer, ${sql.similarity}::float8 AS similarity,
      (SELECT coalesce(json_agg(json_build_object('documentId', d.id, 'versionId', d.current_version_id, 'title', v.title, 'url', d.url,
                                                  'chunkId', (SELECT c.id FROM chunks c WHERE c.document_version_id = d.current_version_id
                                                              AND c.embedding_model = ${params.embedderId} ORDER BY c.ordinal LIMIT 1))
                                ORDER BY v.title, d.id), '[]'::json)
       FROM few_shot_example_documents l JOIN documents d ON d.id = l.document_id
       JOIN document_versions v ON v.id = d.current_version_id
       WHERE l.example_id = e.id) AS documents
    FROM few_shot_examples e
    WHERE ${sql.candidate} AND ${sql.similarity} >= ${params.threshold}
    ORDER BY ${sql.distance}, e.id LIMIT 1`;
  if (!row) return null;
  return {
    example: {
      id: row.id,
      question: row.question,
      answer: row.answer,
      documentIds: row.documents.map((d) => d.documentId),
    },
    documents: row.documents,
    similarity: Number(row.similarity),
  };
}
