import { settings, type CoreSettings } from "../env";

/** With the hashing embedder (lexical, weaker than keyword search on its own) the vector side gets less say. */
export const HASHING_VECTOR_WEIGHT = 0.35;
/** With an embedding model, an even split until an evaluation on the company's own questions says otherwise. */
export const MODEL_VECTOR_WEIGHT = 0.5;

/**
 * How hybrid search fuses its retrievers: `method` (default LORE_SEARCH_FUSION), and the vector retriever's
 * weight — LORE_SEARCH_VECTOR_WEIGHT, or by default: for relative score fusion a lower one with the hashing
 * embedder, whose vectors only see words (weights measured on the evaluation sets in docs/benchmarks.md); for RRF
 * an even split, which is plain Reciprocal Rank Fusion (the ranking Lore used before relative scores). `s`: the
 * settings to read (default: this process's).
 */
export function searchFusion(
  embedderId: string,
  method: "relative_score" | "rrf" = settings.LORE_SEARCH_FUSION,
  s: CoreSettings = settings,
): { method: "relative_score" | "rrf"; vectorWeight: number } {
  const fallback = method === "relative_score" && embedderId.startsWith("hashing-") ? HASHING_VECTOR_WEIGHT : MODEL_VECTOR_WEIGHT;
  return { method, vectorWeight: s.LORE_SEARCH_VECTOR_WEIGHT ?? fallback };
}
