/**
 * Knowledge gaps: the questions the assistant could not answer ("not found") in a range, grouped by meaning so
 * that an admin sees "what people keep asking that no page answers" rather than a list of near-duplicates.
 *
 * The questions are read by one bounded statement, embedded with the active model OUTSIDE any transaction
 * (the embedded database is one session: an embedding call inside a transaction would stall everyone), and
 * clustered in memory (cluster.ts).
 */
import { Prisma, type PrismaClient } from "@lore/db";
import type { Embedder } from "../embed/types";
import { NOT_FOUND_MODE } from "./activity";
import { DEFAULT_CLUSTER_SIMILARITY, clusterQuestions } from "./cluster";
import { inRangeSql, type CheckedRange } from "./range";
import { questionTextSql } from "./sql";

/** Unanswered questions clustered at most: the newest ones. */
export const MAX_GAP_QUESTIONS = 300;
/** Sample questions kept per cluster. */
export const GAP_SAMPLES = 3;

export interface UnansweredQuestion {
  /** The "not found" answer's message id (its trace opens in the inspector). */
  answerId: string;
  text: string;
  askedAt: Date;
}

/**
 * The range's questions answered "not found", newest first, at most `limit`: each assistant message with that
 * mode paired with the user message it answered (the latest one before it in its conversation).
 */
export async function unansweredQuestions(db: PrismaClient, range: CheckedRange, limit = MAX_GAP_QUESTIONS): Promise<UnansweredQuestion[]> {
  const rows = await db.$queryRaw<UnansweredQuestion[]>`
    SELECT a.id AS "answerId", ${questionTextSql(Prisma.sql`q.parts`)} AS text, a.created_at AS "askedAt"
    FROM messages a
    CROSS JOIN LATERAL (
      SELECT u.parts FROM messages u
      WHERE u.conversation_id = a.conversation_id AND u.role = 'user' AND u.created_at <= a.created_at
      ORDER BY u.created_at DESC, u.id DESC
      LIMIT 1
    ) q
    WHERE a.role = 'assistant' AND a.mode = ${NOT_FOUND_MODE} AND ${inRangeSql(Prisma.sql`a.created_at`, range)}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${limit}`;
  return rows.filter((row) => row.text.trim() !== "");
}

export interface KnowledgeGap {
  /** The question that best stands for the cluster. */
  question: string;
  /** How many unanswered questions the cluster holds. */
  count: number;
  /** A few of its questions, newest first (distinct texts, the representative excluded). */
  samples: string[];
  lastAskedAt: Date;
  /** The newest "not found" answer of the cluster (its trace). */
  latestAnswerId: string;
}

export interface KnowledgeGapsResult {
  gaps: KnowledgeGap[];
  /** Unanswered questions read (at most MAX_GAP_QUESTIONS). */
  questions: number;
  /** Whether there were more than were read (the oldest were left out). */
  truncated: boolean;
}

export interface KnowledgeGapsOptions {
  /** Clusters returned, largest first (default 10). */
  limit?: number;
  /** Similarity a question needs to join a cluster (default DEFAULT_CLUSTER_SIMILARITY). */
  similarity?: number;
  /** Questions read at most (default MAX_GAP_QUESTIONS). */
  maxQuestions?: number;
}

/** The range's top knowledge gaps (see the file comment). `embedder` should be the active model's. */
export async function knowledgeGaps(
  db: PrismaClient,
  embedder: Embedder,
  range: CheckedRange,
  options: KnowledgeGapsOptions = {},
): Promise<KnowledgeGapsResult> {
  const maxQuestions = options.maxQuestions ?? MAX_GAP_QUESTIONS;
  const rows = await unansweredQuestions(db, range, maxQuestions + 1);
  const questions = rows.slice(0, maxQuestions);
  if (questions.length === 0) return { gaps: [], questions: 0, truncated: false };
  const vectors = await embedder.embedDocuments(questions.map((q) => q.text));
  const clusters = clusterQuestions(
    questions.map((q, i) => ({ ...q, vector: vectors[i] ?? [] })),
    options.similarity ?? DEFAULT_CLUSTER_SIMILARITY,
  );
  const gaps = clusters.slice(0, options.limit ?? 10).map((cluster) => {
    const question = cluster.representative.text;
    const samples = [...new Set(cluster.members.map((m) => m.text))].filter((text) => text !== question).slice(0, GAP_SAMPLES);
    return { question, count: cluster.count, samples, lastAskedAt: cluster.lastAskedAt, latestAnswerId: cluster.members[0]!.answerId };
  });
  return { gaps, questions: questions.length, truncated: rows.length > maxQuestions };
}
