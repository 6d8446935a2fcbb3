import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder } from "./types";

/**
 * Any Lore Embedder as a LangChain `Embeddings`, for LangChain components that take one (vector stores, retrievers)
 * — e.g. the retrieval benchmark's `PGVectorStore` reference, so that both sides use identical vectors.
 */
export class LangChainEmbeddingsAdapter extends Embeddings {
  constructor(readonly embedder: Embedder) {
    super({});
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedder.embedDocuments(documents);
  }

  embedQuery(document: string): Promise<number[]> {
    return this.embedder.embedQuery(document);
  }
}

export function toLangChainEmbeddings(embedder: Embedder): Embeddings {
  return new LangChainEmbeddingsAdapter(embedder);
}
