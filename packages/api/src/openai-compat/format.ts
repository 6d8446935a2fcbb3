/**
 * The OpenAI shapes Lore replies with (chat completions, their streamed chunks, errors, the model list), built from
 * a finished answer's stored message. Pure: no database, no request.
 */
import type { SourceView, StoredMessage } from "@lore/core/answer";

/** The one model Lore offers. */
export const LORE_MODEL_ID = "lore";
/** The model's `created` (seconds): fixed, as the model has no release date. */
const LORE_MODEL_CREATED = 1_767_225_600;

export type OpenAIErrorType = "invalid_request_error" | "server_error";

export function openAIError(
  status: number,
  message: string,
  options: { type?: OpenAIErrorType; code?: string | null; param?: string | null } = {},
) {
  return Response.json(
    {
      error: {
        message,
        type: options.type ?? (status >= 500 ? "server_error" : "invalid_request_error"),
        param: options.param ?? null,
        code: options.code ?? null,
      },
    },
    { status, headers: { "cache-control": "no-store", ...(status === 401 ? { "www-authenticate": 'Bearer realm="lore"' } : {}) } },
  );
}

/** A cited source in the extra `sources` field. */
export interface CompletionSource {
  n: number;
  title: string;
  url: string | null;
  documentId: string;
  versionId: string;
  chunkId: string;
  headingPath: string[];
  excerpt: string;
}

/** The text of an answer, and the sources it cites (by number, so its `[n]` markers resolve against them). */
export function answerOf(message: StoredMessage): { text: string; sources: CompletionSource[] } {
  let text = "";
  let sources: SourceView[] = [];
  const cited = new Set<number>();
  for (const part of message.parts) {
    if (part.type === "text") text += part.text;
    else if (part.type === "sources") sources = part.sources;
    else if (part.type === "citations") for (const c of part.citations) cited.add(c.n);
  }
  const citedSources = sources
    .filter((s) => cited.has(s.n))
    .sort((a, b) => a.n - b.n)
    .map((s) => ({
      n: s.n,
      title: s.title,
      url: s.url,
      documentId: s.documentId,
      versionId: s.versionId,
      chunkId: s.chunkId,
      headingPath: s.headingPath,
      excerpt: s.excerpt,
    }));
  return { text, sources: citedSources };
}

/** The trailing list of the cited sources appended to the content (empty when nothing is cited). */
export function sourcesList(sources: CompletionSource[]): string {
  if (sources.length === 0) return "";
  return `\n\nSources:\n${sources.map((s) => `[${s.n}] ${s.title}${s.url ? ` — ${s.url}` : ""}`).join("\n")}`;
}

export function usageOf(usage: { inputTokens: number; outputTokens: number }) {
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}

/** A non-streamed reply: one `chat.completion`, its content the answer plus the Sources list. */
export function chatCompletion(id: string, created: number, message: StoredMessage, usage: { inputTokens: number; outputTokens: number }) {
  const { text, sources } = answerOf(message);
  return {
    id,
    object: "chat.completion" as const,
    created,
    model: LORE_MODEL_ID,
    choices: [
      {
        index: 0,
        message: { role: "assistant" as const, content: text + sourcesList(sources), refusal: null },
        logprobs: null,
        finish_reason: "stop" as const,
      },
    ],
    usage: usageOf(usage),
    sources,
  };
}

/** Builds the `chat.completion.chunk`s of one streamed reply. */
export function chunkBuilder(id: string, created: number, includeUsage: boolean) {
  const base = () => ({ id, object: "chat.completion.chunk" as const, created, model: LORE_MODEL_ID });
  // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
  const noUsage = includeUsage ? { usage: null } : {};
  const choice = (delta: Record<string, string>, finishReason: "stop" | null = null) => [
    { index: 0, delta, logprobs: null, finish_reason: finishReason },
  ];
  return {
    role: () => ({ ...base(), choices: choice({ role: "assistant", content: "" }), ...noUsage }),
    content: (text: string) => ({ ...base(), choices: choice({ content: text }), ...noUsage }),
    stop: (sources: CompletionSource[]) => ({ ...base(), choices: choice({}, "stop"), ...noUsage, sources }),
    usage: (usage: { inputTokens: number; outputTokens: number }) => ({ ...base(), choices: [], usage: usageOf(usage) }),
  };
}

/** One server-sent event carrying JSON (or the closing `[DONE]`). */
export const sse = (data: unknown): string => `data: ${data === "[DONE]" ? data : JSON.stringify(data)}\n\n`;

export function modelList() {
  return {
    object: "list" as const,
    data: [{ id: LORE_MODEL_ID, object: "model" as const, created: LORE_MODEL_CREATED, owned_by: "lore" }],
  };
}
