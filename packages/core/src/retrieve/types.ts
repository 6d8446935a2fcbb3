/** The public shapes of a search: what a caller asks, what comes back, and the defaults. */
import type { Embedder } from "../embed/types";
import type { AccessPrincipal } from "../knowledge-base/access";
import type { SearchExplanation } from "./explain";
import type { FusionMethod } from "./fusion";

export type SearchMode = "hybrid" | "vector" | "fulltext";

export interface SearchFilters {
  /** Only documents from these sources. */
  sources?: string[];
  /** Only documents carrying at least one of these tags. */
  tags?: string[];
  /** Only documents last changed at or after this instant. */
  updatedAfter?: Date;
  /** Only documents last changed at or before this instant. */
  updatedBefore?: Date;
}

export interface SearchResult {
  chunkId: string;
  documentId: string;
  /** The version the chunk belongs to: cite this, so the citation keeps resolving after a re-import. */
  versionId: string;
  title: string;
  url: string | null;
  headingPath: string[];
  text: string;
  scores: {
    /** Cosine similarity to the query, when the vector retriever found it. */
    vector?: number;
    /** BM25 score of the keyword retriever (sum over the query's terms of idf × term weight; unbounded). */
    fulltext?: number;
    /**
     * The score results are ranked by (before diversification): with relative score fusion (and always when only
     * one retriever found candidates) Σ weight × the retriever's score scaled to [0, 1]; with RRF, Σ weight / (60 + rank).
     */
    fused: number;
  };
  /** 1-based position in the returned list. */
  rank: number;
}

export type Reranker = (query: string, results: SearchResult[]) => Promise<SearchResult[]>;

export interface SearchParams {
  query: string;
  /** The caller; null = anonymous (public documents only), `{ groupIds }` = a member of exactly those groups. */
  userId: AccessPrincipal;
  /** Results to return (default 8). */
  k?: number;
  mode?: SearchMode;
  filters?: SearchFilters;
  /** Candidates fetched per retriever before fusion (default 40). */
  candidates?: number;
  /** MMR trade-off: 1 = pure relevance, 0 = pure diversity (default 0.7). */
  mmrLambda?: number;
  /** How the two retrievers' candidates are merged (default LORE_SEARCH_FUSION: relative_score). */
  fusion?: FusionMethod;
  /** The vector retriever's weight in the fusion, 0–1; the keyword retriever gets 1 − it (default: see `searchFusion`). */
  vectorWeight?: number;
  /** Reorders the diversified results (e.g. a cross-encoder). It sees up to 3·k of them; the top k are kept. */
  rerank?: Reranker;
  /**
   * A caller who may read at most this many chunks (groups and filters) is searched over all of them when a
   * retriever's usual pass comes back short (default NARROW_MAX_CHUNKS, narrow.ts; 0: never, always read wider).
   */
  narrowMaxChunks?: number;
  /** Receives each retriever's candidates and the fused ranking once the results are chosen (the admin inspector). */
  explain?: (explanation: SearchExplanation) => void;
}

export interface SearchDeps {
  embedder: Embedder;
}

export const DEFAULT_K = 8;
export const DEFAULT_CANDIDATES = 40;
/**
 * Most results, and candidates per retriever, one search returns or considers: MMR's cost grows with their
 * product (1,000 × 1,000 is ~0.5 s), and the evaluation asks for at most 5 × 200.
 */
export const MAX_K = 1_000;
export const DEFAULT_MMR_LAMBDA = 0.7;
