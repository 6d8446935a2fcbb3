// Brings the wink typings along when another package type-checks this file through @lore/core/eval.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./wink.d.ts" />
/**
 * The BM25 reference of the retrieval evaluation: an established library (wink-bm25-text-search, BM25F with
 * k1 = 1.2, b = 0.75) over exactly the chunks the database holds, each chunk indexed as the text the embedder
 * saw (title › heading path, then the chunk body).
 *
 * Tokens: NFKC, lower case, split on anything that is not a letter, mark or digit (so Vietnamese syllables
 * with their diacritics survive intact), English stop words removed and Porter2 stemming — the classic BM25
 * baseline set-up.
 */
import bm25 from "wink-bm25-text-search";
import nlp from "wink-nlp-utils";

export interface Bm25Chunk {
  id: string;
  documentId: string;
  text: string;
}

export function bm25Tokens(text: string): string[] {
  const tokens = text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((t) => t !== "");
  return nlp.tokens.stem(nlp.tokens.removeWords(tokens));
}

export interface Bm25Index {
  /** Chunk ids, best first, at most `limit`. */
  search(query: string, limit: number): string[];
}

export function buildBm25Index(chunks: readonly Bm25Chunk[]): Bm25Index {
  const engine = bm25();
  engine.defineConfig({ fldWeights: { body: 1 } });
  engine.definePrepTasks([(s) => bm25Tokens(String(s))]);
  for (const c of chunks) engine.addDoc({ body: c.text }, c.id);
  // wink needs at least 3 documents to consolidate; pad tiny corpora with empty-ish filler that matches nothing.
  for (let i = chunks.length; i < 3; i++) engine.addDoc({ body: "\u0000" }, `__pad_${i}`);
  engine.consolidate();
  return {
    search: (query, limit) =>
      engine
        .search(query, limit)
        .map(([id]) => String(id))
        .filter((id) => !id.startsWith("__pad_")),
  };
}
