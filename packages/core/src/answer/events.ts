/**
 * The contract every consumer of an answer reads (the chat procedure, the OpenAI-compatible route, `lore ask`,
 * the evaluation): the events `answer()` yields, and the typed parts a stored message is made of.
 */
import type { Citation } from "./citations";

/** How the answer's text was made. */
export type AnswerMode =
  /** A configured model generated it from the prompt. */
  | "model"
  /** Sentences picked from the sources, no model (the offline default). */
  | "extractive"
  /** A curated example's answer, its question matching the asked one closely enough. */
  | "standard"
  /** Nothing relevant enough was found: "not found in the knowledge base", with the nearest documents. */
  | "not_found";

/** A numbered source as consumers show it (no scores: those are in the trace). */
export interface SourceView {
  n: number;
  chunkId: string;
  documentId: string;
  versionId: string;
  title: string;
  url: string | null;
  headingPath: string[];
  /** The passage, as retrieved (for hover cards and the OpenAI-compatible `sources` field). */
  excerpt: string;
}

/** Where the time went, in milliseconds. */
export interface StageLatency {
  rewrite?: number;
  retrieve?: number;
  examples?: number;
  assemble?: number;
  firstToken?: number;
  generate?: number;
  persist?: number;
  total?: number;
}

/** What an answer was made from and how: kept with the message for the inspector and the evaluation. */
export interface AnswerTrace {
  mode: AnswerMode;
  promptConfigId: string | null;
  promptVersion: number | null;
  model: string;
  question: string;
  /** The search query actually used (a follow-up rewritten to stand alone), and how it was made. */
  query: { text: string; rewritten: boolean; method: "none" | "heuristic" | "model" };
  retrieval: {
    enabled: boolean;
    mode: "hybrid" | "vector" | "fulltext";
    k: number;
    refusalThreshold: number;
    bestRelevance: number | null;
    results: Array<{ chunkId: string; documentId: string; title: string; scores: { vector?: number; fulltext?: number; fused: number } }>;
  };
  examples: {
    enabled: boolean;
    used: Array<{ id: string; similarity: number; pinned: boolean }>;
    standardAnswer?: { id: string; similarity: number };
  };
  budget?: unknown;
  dropped?: unknown;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: StageLatency;
}

/** A stored message is a list of typed parts. */
export type MessagePart =
  | { type: "text"; text: string }
  | { type: "sources"; sources: SourceView[] }
  | { type: "citations"; citations: Citation[] }
  | { type: "suggestions"; documents: Array<{ documentId: string; title: string; url: string | null }> }
  | { type: "trace"; trace: AnswerTrace }
  | { type: "error"; code: string; message: string };

export type MessageStatus = "streaming" | "complete" | "stopped" | "error";

export interface StoredMessage {
  id: string;
  conversationId: string;
  role: "user" | "assistant";
  status: MessageStatus;
  parts: MessagePart[];
  createdAt: Date;
}

/** What `answer()` yields, in this order: start, sources, then text and citations interleaved, then done or error. */
export type AnswerEvent =
  | {
      type: "start";
      conversationId: string;
      userMessageId: string;
      assistantMessageId: string;
      mode: AnswerMode;
      model: string;
      query: string;
    }
  | { type: "sources"; sources: SourceView[] }
  | { type: "text"; text: string }
  | { type: "citation"; citation: Citation }
  | { type: "done"; message: StoredMessage; trace: AnswerTrace; usage: { inputTokens: number; outputTokens: number } }
  | { type: "error"; code: string; message: string; stored: StoredMessage | null };
