/**
 * The inspection of an answer: what the admin inspector shows beside the trace, and what only admins may read.
 * It holds the exact messages sent to the model (or that would have been sent, when no model wrote the answer),
 * each retriever's candidate list and the fused ranking, the examples selected, and the budget with what was
 * dropped. It is stored in its own column (`messages.inspection`), never in the message's parts: the parts reach
 * employees (the `trace` part included), and the prompt quotes passages and examples the trace must not carry.
 *
 * Every answer stores one, so its size is bounded: passages are cut to excerpts, and each message's text to
 * {@link MAX_MESSAGE_CHARS} characters.
 */
import type { ChatMessage } from "../llm/types";
import type { DroppedItem, PromptBudget } from "../prompt/assemble";
import type { SearchExplanation } from "../retrieve/explain";

export const INSPECTION_VERSION = 1;
/** The longest message text an inspection keeps (the rest is cut with a note saying how much). */
export const MAX_MESSAGE_CHARS = 24_000;
/** The longest example question or answer an inspection keeps. */
export const MAX_EXAMPLE_CHARS = 600;

export interface InspectedExample {
  id: string;
  question: string;
  answer: string;
  pinned: boolean;
  similarity: number;
  tokens: number;
  /** Whether it made it into the prompt (the budget may drop it). */
  inPrompt: boolean;
}

export interface InspectedPrompt {
  /** True when a model was called with these messages; false: what a model would have been sent. */
  sent: boolean;
  messages: ChatMessage[];
  budget: PromptBudget;
  dropped: DroppedItem[];
  trimmed: { chunkId: string; tokensBefore: number; tokensAfter: number } | null;
  /** Milliseconds the assembly took. */
  assembleMs: number;
}

export interface AnswerInspection {
  version: typeof INSPECTION_VERSION;
  /** Whose access the answer ran with. */
  principal: { kind: "user"; userId: string } | { kind: "anonymous" } | { kind: "groups"; groupIds: string[] };
  settings: {
    temperature: number;
    contextWindow: number;
    reservedAnswerTokens: number;
    exampleK: number;
    exampleMaxTokens: number;
    historyTurns: number;
  };
  /** Null when retrieval is off or did not run (the answer failed before it). */
  search: SearchExplanation | null;
  examples: InspectedExample[];
  /** Null when no prompt could be assembled; `promptError` then says why. */
  prompt: InspectedPrompt | null;
  promptError: { code: string; message: string } | null;
}

/** `text` cut to `max` characters, saying how much was left out. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[… ${text.length - max} more characters not kept in the inspection]`;
}

export function boundedMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((m) => ({ role: m.role, content: bounded(m.content, MAX_MESSAGE_CHARS) }));
}

/** A stored inspection, read defensively (older rows, rows written by hand): null unless it has this shape's version. */
export function readInspection(value: unknown): AnswerInspection | null {
  if (typeof value !== "object" || value === null) return null;
  return (value as { version?: unknown }).version === INSPECTION_VERSION ? (value as AnswerInspection) : null;
}
