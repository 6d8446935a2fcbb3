/**
 * Retrieval: hybrid search over the chunks a user may read.
 *
 *   const results = await search(prisma, { query, userId }, { embedder });
 */
export { visibleChunkSql, visibleDocumentSql } from "./access";
export { RRF_K, fuse, maximalMarginalRelevance, reciprocalRankFusion, relativeScoreFusion, type FusionList, type FusionMethod } from "./fusion";
export {
  DEFAULT_CANDIDATES,
  DEFAULT_K,
  DEFAULT_MMR_LAMBDA,
  queryTerms,
  search,
  type Reranker,
  type SearchDeps,
  type SearchFilters,
  type SearchMode,
  type SearchParams,
  type SearchResult,
} from "./search";
