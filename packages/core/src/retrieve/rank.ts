/** From the two retrievers' candidates to the returned list: fusion, then MMR diversification, then the optional reranker. */
import { vectorFromBinary } from "../embed/vector";
import { byScoreThenId, type CandidateRow } from "./candidates";
import { fuse, maximalMarginalRelevance, type FusionMethod } from "./fusion";
import type { Reranker, SearchResult } from "./types";

export interface RankOptions {
  query: string;
  k: number;
  fusion: FusionMethod;
  vectorWeight: number;
  mmrLambda: number;
  rerank?: Reranker;
}

/** The best `k` of the candidates, ranked 1..k. `vectorRows` is sorted in place. */
export async function rankCandidates(vectorRows: CandidateRow[], textRows: CandidateRow[], options: RankOptions): Promise<SearchResult[]> {
  const { query, k, fusion, vectorWeight } = options;
  // ── Fusion ──
  // The iterative IVFFlat scan returns rows in roughly, not strictly, increasing distance (and the hybrid
  // statement in no particular order): sort, ties by id as the keyword list, so equal scores rank the same way
  // every time.
  vectorRows.sort(byScoreThenId);
  const byId = new Map<string, CandidateRow>();
  for (const row of [...vectorRows, ...textRows]) byId.set(row.id, row);
  const vectorScore = new Map(vectorRows.map((r) => [r.id, Number(r.score)]));
  const textScore = new Map(textRows.map((r) => [r.id, Number(r.score)]));
  // Fusion and weights only apply to two lists. A list on its own (one mode, or one retriever found nothing)
  // keeps its order and its full weight, and is scaled to [0, 1] whatever the method: MMR's trade-off must not
  // change with a setting that is about merging (RRF squeezes a list's relevance into a narrow band, which made
  // MMR diversify a lone list harder), and a weight of 0 must not zero every score.
  const both = vectorRows.length > 0 && textRows.length > 0;
  const fused = fuse(both ? fusion : "relative_score", [
    { hits: vectorRows.map((r) => ({ id: r.id, score: Number(r.score) })), weight: both ? vectorWeight : 1 },
    { hits: textRows.map((r) => ({ id: r.id, score: Number(r.score) })), weight: both ? 1 - vectorWeight : 1 },
  ]);
  if (fused.length === 0) return [];

  // ── Diversification ──
  const pool = fused.map((f) => ({ ...f, row: byId.get(f.id)!, vector: vectorFromBinary(byId.get(f.id)!.embedding) }));
  const wanted = options.rerank ? Math.min(pool.length, 3 * k) : k;
  const order = maximalMarginalRelevance(
    pool.map((p) => ({ relevance: p.score, vector: p.vector })),
    wanted,
    options.mmrLambda,
  );

  let results: SearchResult[] = order.map((index, position) => {
    const { row, id, score } = pool[index]!;
    const scores: SearchResult["scores"] = { fused: score };
    if (vectorScore.has(id)) scores.vector = vectorScore.get(id)!;
    if (textScore.has(id)) scores.fulltext = textScore.get(id)!;
    return {
      chunkId: id,
      documentId: row.document_id,
      versionId: row.document_version_id,
      title: row.title,
      url: row.url,
      headingPath: row.heading_path,
      text: row.text,
      scores,
      rank: position + 1,
    };
  });

  if (options.rerank) results = keepReranked(results, await options.rerank(query, copies(results)));
  return results.slice(0, k).map((r, i) => ({ ...r, rank: i + 1 }));
}

function copies(results: SearchResult[]): SearchResult[] {
  return results.map((r) => ({ ...r, scores: { ...r.scores }, headingPath: [...r.headingPath] }));
}

/**
 * The reranker's order, of what it was handed only: a buggy or hostile reranker must not be able to add
 * chunks that did not pass the access check, nor repeat one.
 */
function keepReranked(handed: SearchResult[], reranked: SearchResult[]): SearchResult[] {
  const allowed = new Map(handed.map((r) => [r.chunkId, r]));
  const seen = new Set<string>();
  return reranked.flatMap((r) => {
    const original = allowed.get(r.chunkId);
    if (!original || seen.has(r.chunkId)) return [];
    seen.add(r.chunkId);
    return [original];
  });
}
