import type { Embedder } from "../embed/types";

/**
 * For tests of failure clean-up: `embedder`, except that the last vector of every `embedDocuments` call is
 * NaN, which pgvector rejects. With one chunk per INSERT, the earlier chunks are already written when the
 * last one fails, so the clean-up path runs for real.
 */
export function withBadLastVector(embedder: Embedder): Embedder {
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    embedQuery: (text) => embedder.embedQuery(text),
    embedDocuments: async (texts) => {
      const vectors = await embedder.embedDocuments(texts);
      vectors[vectors.length - 1]![0] = Number.NaN;
      return vectors;
    },
  };
}
