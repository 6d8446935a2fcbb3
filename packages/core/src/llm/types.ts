/**
 * What a language model is to the answer pipeline: something that streams text for a list of chat messages.
 * The OpenAI-compatible provider implements it; the extractive default does not (it needs the sources, not
 * messages: see ./extractive) — the pipeline picks one or the other.
 */

/** One chat message, as the prompt assembles them and as providers send them. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatModelRequest {
  messages: ChatMessage[];
  temperature?: number;
  /** The most tokens the answer may have (the prompt configuration's reserved answer tokens). */
  maxOutputTokens?: number;
  /** The user's stop: aborting it closes the upstream request. */
  signal?: AbortSignal;
}

/** What a model streams: text as it comes, and the token usage once known (last). */
export type ChatModelChunk = { type: "text"; text: string } | { type: "usage"; inputTokens: number; outputTokens: number };

export interface ChatModel {
  /** Stable id recorded with each answer, e.g. "openai:gpt-4o-mini" or "openai:llama3.1@http://localhost:11434/v1". */
  readonly id: string;
  /** The model name to show people, e.g. "gpt-4o-mini". */
  readonly label: string;
  stream(request: ChatModelRequest): AsyncIterable<ChatModelChunk>;
}
