/**
 * Retrieval: hybrid search over the chunks a user may read.
 *
 *   const results = await search(prisma, { query, userId }, { embedder });
 */
export {
  RRF_K,
  fuse,
  maximalMarginalRelevance,
  reciprocalRankFusion,
  relativeScoreFusion,
  type FusionList,
  type FusionMethod,
} from "./fusion";
export { HASHING_VECTOR_WEIGHT, MODEL_VECTOR_WEIGHT, searchFusion } from "./fusion-settings";
export { queryTerms } from "./query-terms";
export { search } from "./search";
export {
  DEFAULT_CANDIDATES,
  DEFAULT_K,
  DEFAULT_MMR_LAMBDA,
  MAX_K,
  type Reranker,
  type SearchDeps,
  type SearchFilters,
  type SearchMode,
  type SearchParams,
  type SearchResult,
} from "./types";
