/**
 * What a search saw before it chose: each retriever's candidates with its own scores, and the fused ranking of
 * all of them (before diversification), marked with the rank each chunk finally got. For the admin inspector,
 * which shows why a passage was or was not used; search itself never reads it.
 */
import type { CandidateRow } from "./candidates";
import { fuse, type FusionMethod } from "./fusion";
import type { SearchResult } from "./types";

/** Longest passage excerpt kept per candidate: the inspection is stored with every answer. */
export const EXPLAIN_EXCERPT_CHARS = 200;
/** Rows kept per list: the head of each ranking is what explains an answer (the lists have up to `candidates`). */
export const EXPLAIN_MAX_ROWS = 30;

export interface ExplainedCandidate {
  chunkId: string;
  documentId: string;
  title: string;
  headingPath: string[];
  /** The passage's start, at most {@link EXPLAIN_EXCERPT_CHARS} characters. */
  excerpt: string;
  /** This list's score (cosine similarity, BM25, or the fused score). */
  score: number;
  /** 1-based position in this list. */
  rank: number;
}

/** A retriever's own list refers to the fused list's entries by chunk id (each passage is kept once). */
export interface RetrieverHit {
  chunkId: string;
  title: string;
  score: number;
  rank: number;
}

export interface FusedCandidate extends ExplainedCandidate {
  vector?: number;
  fulltext?: number;
  /** The rank the chunk got in the returned results (after diversification and reranking); null = not returned. */
  resultRank: number | null;
}

export interface SearchExplanation {
  fusion: FusionMethod;
  vectorWeight: number;
  candidates: number;
  mmrLambda: number;
  vector: RetrieverHit[];
  keyword: RetrieverHit[];
  /** The best candidates of either retriever by fused score (and every returned one), with their passages. */
  fused: FusedCandidate[];
}

export function excerptOf(text: string, max = EXPLAIN_EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function explained(row: CandidateRow, score: number, rank: number): ExplainedCandidate {
  return {
    chunkId: row.id,
    documentId: row.document_id,
    title: row.title,
    headingPath: row.heading_path,
    excerpt: excerptOf(row.text),
    score,
    rank,
  };
}

/**
 * Each list cut to its first {@link EXPLAIN_MAX_ROWS} rows. The lists as rank.ts fuses them: the same rule that fusion and weights apply only when both retrievers found
 * something (a lone list keeps full weight, scaled to [0, 1]). `vectorRows` must already be sorted best first.
 */
export function explainSearch(
  vectorRows: readonly CandidateRow[],
  textRows: readonly CandidateRow[],
  results: readonly SearchResult[],
  settings: { fusion: FusionMethod; vectorWeight: number; candidates: number; mmrLambda: number },
): SearchExplanation {
  const both = vectorRows.length > 0 && textRows.length > 0;
  const fused = fuse(both ? settings.fusion : "relative_score", [
    { hits: vectorRows.map((r) => ({ id: r.id, score: Number(r.score) })), weight: both ? settings.vectorWeight : 1 },
    { hits: textRows.map((r) => ({ id: r.id, score: Number(r.score) })), weight: both ? 1 - settings.vectorWeight : 1 },
  ]);
  const byId = new Map<string, CandidateRow>();
  for (const row of [...vectorRows, ...textRows]) byId.set(row.id, row);
  const vectorScore = new Map(vectorRows.map((r) => [r.id, Number(r.score)]));
  const textScore = new Map(textRows.map((r) => [r.id, Number(r.score)]));
  const resultRank = new Map(results.map((r) => [r.chunkId, r.rank]));
  return {
    ...settings,
    vector: vectorRows.slice(0, EXPLAIN_MAX_ROWS).map((r, i) => ({ chunkId: r.id, title: r.title, score: Number(r.score), rank: i + 1 })),
    keyword: textRows.slice(0, EXPLAIN_MAX_ROWS).map((r, i) => ({ chunkId: r.id, title: r.title, score: Number(r.score), rank: i + 1 })),
    // The head of the ranking, and every chunk that was returned whatever its fused rank (MMR may reach down).
    fused: fused
      .flatMap((f, i) => (i < EXPLAIN_MAX_ROWS || resultRank.has(f.id) ? [{ f, i }] : []))
      .map(({ f, i }) => ({
        ...explained(byId.get(f.id)!, f.score, i + 1),
        ...(vectorScore.has(f.id) ? { vector: vectorScore.get(f.id)! } : {}),
        ...(textScore.has(f.id) ? { fulltext: textScore.get(f.id)! } : {}),
        resultRank: resultRank.get(f.id) ?? null,
      })),
  };
}
