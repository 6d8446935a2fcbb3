/** The pieces a prompt is assembled from, as the answer pipeline hands them over. */

/** A retrieved passage as the prompt numbers it: `[n]` in the answer cites source `n` (1-based). */
export interface NumberedSource {
  n: number;
  chunkId: string;
  documentId: string;
  /** The version quoted: a citation opens this version even after the document changes. */
  versionId: string;
  title: string;
  url: string | null;
  headingPath: string[];
  text: string;
  /** The fused retrieval score (higher is better), and each retriever's own. */
  score: number;
  scores: { vector?: number; fulltext?: number; fused: number };
}

/** A selected few-shot example, as it enters the prompt (a user turn, then an assistant turn). */
export interface PromptExample {
  id: string;
  question: string;
  answer: string;
  pinned: boolean;
  /** Cosine similarity of its question to the asked one (1 for an exact match). */
  similarity: number;
}

/** An earlier turn of the conversation. */
export interface HistoryTurn {
  role: "user" | "assistant";
  content: string;
}
