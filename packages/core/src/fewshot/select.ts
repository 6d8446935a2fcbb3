/**
 * Few-shot selection for one question: the candidates are read in SQL with the access rule
 * ({@link usableExampleSql}), then picked in TypeScript (pick.ts: pinning, MMR, near-duplicates, budget).
 */
import type { PrismaClient } from "@lore/db";
import type { AccessPrincipal } from "../knowledge-base/access";
import { vectorFromBinary } from "../embed/vector";
import { countTokens } from "../tokens/count";
import { pickExamples } from "./pick";
import { LINKED_DOCUMENT_IDS, exampleVectorSql } from "./sql";

export interface SelectExamplesParams {
  /** The asker (null = anonymous: examples linked to public documents or to none; `{ groupIds }`: as those groups). */
  userId: AccessPrincipal;
  /** The asked question (kept for tracing; similarity comes from `queryVector`). */
  question: string;
  /** The question embedded with the active model. */
  queryVector: readonly number[];
  /** The active model's id: only examples embedded with it are candidates. */
  embedderId: string;
  /** At most this many examples. */
  k: number;
  /** At most this many tokens (questions + answers). */
  maxTokens: number;
  /** MMR's trade-off (pick.ts). */
  mmrLambda?: number;
  /** Unpinned examples less similar than this are never selected (default: no floor). */
  minSimilarity?: number;
  /** Candidates read, pinned and unpinned each (default max(4·k, 20)). */
  candidates?: number;
}

export interface SelectedExample {
  id: string;
  question: string;
  answer: string;
  pinned: boolean;
  /** Cosine similarity of its question to the asked one. */
  similarity: number;
  /** Tokens of its question plus its answer. */
  tokens: number;
  /** Its linked documents (all readable by the asker). */
  documentIds: string[];
}

interface CandidateRow {
  id: string;
  question: string;
  answer: string;
  pinned: boolean;
  similarity: number;
  embedding: Uint8Array;
  document_ids: string[];
}

/** Selects the examples for a prompt, in prompt order (pinned first). See pick.ts for the rules. */
export async function selectExamples(db: Pick<PrismaClient, "$queryRaw">, params: SelectExamplesParams): Promise<SelectedExample[]> {
  if (params.k <= 0 || params.maxTokens <= 0) return [];
  const sql = exampleVectorSql(params);
  const floor = params.minSimilarity ?? -1;
  const limit = params.candidates ?? Math.max(4 * params.k, 20);
  const rows = await db.$queryRaw<CandidateRow[]>`
    (SELECT e.id, e.question, e.answer, e.pinned, ${sql.similarity}::float8 AS similarity,
            vector_send(e.embedding) AS embedding, ${LINKED_DOCUMENT_IDS} AS document_ids
     FROM few_shot_examples e WHERE ${sql.candidate} AND e.pinned
     ORDER BY ${sql.distance}, e.id LIMIT ${limit})
    UNION ALL
    (SELECT e.id, e.question, e.answer, e.pinned, ${sql.similarity}::float8 AS similarity,
            vector_send(e.embedding) AS embedding, ${LINKED_DOCUMENT_IDS} AS document_ids
     FROM few_shot_examples e WHERE ${sql.candidate} AND NOT e.pinned AND ${sql.similarity} >= ${floor}
     ORDER BY ${sql.distance}, e.id LIMIT ${limit})`;
  const candidates = rows.map((r) => ({
    id: r.id,
    question: r.question,
    answer: r.answer,
    pinned: r.pinned,
    similarity: Number(r.similarity),
    tokens: countTokens(r.question) + countTokens(r.answer),
    documentIds: r.document_ids,
    vector: vectorFromBinary(r.embedding),
  }));
  return pickExamples(candidates, { k: params.k, maxTokens: params.maxTokens, mmrLambda: params.mmrLambda }).map(
    ({ vector: _vector, ...example }) => example,
  );
}
