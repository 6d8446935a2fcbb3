/**
 * The chat's view of a conversation: what the screen shows for each message, built either from a stored
 * message (`conversations.get`) or from the events of a streaming answer (`chat.send`).
 */
import type { RouterOutputs } from "@lore/api";

type Stored = RouterOutputs["conversations"]["get"]["messages"][number];
type Part = Stored["parts"][number];
export type SourceView = Extract<Part, { type: "sources" }>["sources"][number];
export type CitationView = Extract<Part, { type: "citations" }>["citations"][number];
export type NearestDocument = Extract<Part, { type: "suggestions" }>["documents"][number];
export type AnswerMode = Extract<Part, { type: "trace" }>["trace"]["mode"];
export type AnswerStatus = Stored["status"];
export type Feedback = { rating: 1 | -1; comment: string | null } | null;

export interface UserMessage {
  role: "user";
  /** A local key until the server names it. */
  key: string;
  id: string | null;
  text: string;
}

export interface AssistantMessage {
  role: "assistant";
  key: string;
  /** Known once the answer started (feedback needs it). */
  id: string | null;
  status: AnswerStatus;
  text: string;
  mode: AnswerMode | null;
  sources: SourceView[];
  citations: CitationView[];
  nearest: NearestDocument[];
  /** What went wrong: an answer event's code, or a client-side one (NETWORK, TRPC_<code>). */
  error: { code: string; message: string } | null;
  feedback: Feedback;
  /** The question it answers (retry, regenerate). */
  question: string;
}

export type ChatMessage = UserMessage | AssistantMessage;

export function newAssistant(key: string, question: string): AssistantMessage {
  return {
    role: "assistant",
    key,
    id: null,
    status: "streaming",
    text: "",
    mode: null,
    sources: [],
    citations: [],
    nearest: [],
    error: null,
    feedback: null,
    question,
  };
}

/** Reads an assistant message's typed parts into the view (and any stored message's text). */
export function applyParts(message: AssistantMessage, parts: Part[]): AssistantMessage {
  const next = { ...message, text: "" };
  for (const part of parts) {
    if (part.type === "text") next.text += part.text;
    else if (part.type === "sources") next.sources = part.sources;
    else if (part.type === "citations") next.citations = part.citations;
    else if (part.type === "suggestions") next.nearest = part.documents;
    else if (part.type === "trace") next.mode = part.trace.mode;
    else if (part.type === "error") next.error = { code: part.code, message: part.message };
  }
  return next;
}

/** The stored conversation as the chat shows it. */
export function fromStored(messages: Stored[]): ChatMessage[] {
  let lastQuestion = "";
  return messages.map((m) => {
    if (m.role === "user") {
      lastQuestion = m.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
      return { role: "user", key: m.id, id: m.id, text: lastQuestion };
    }
    const base = { ...newAssistant(m.id, lastQuestion), id: m.id, status: m.status, feedback: m.feedback };
    return applyParts(base, m.parts);
  });
}

/** The viewer's address of a cited passage, in the version the answer quoted. */
export function viewerHref(source: Pick<SourceView, "documentId" | "chunkId" | "versionId">): string {
  const query = new URLSearchParams({ chunk: source.chunkId, version: source.versionId });
  return `/docs/${encodeURIComponent(source.documentId)}?${query.toString()}`;
}

/** The sources an answer cites, in first-cited order, with their passages (for chips and the Sources list). */
export function citedSources(message: Pick<AssistantMessage, "sources" | "citations">): SourceView[] {
  const byN = new Map(message.sources.map((s) => [s.n, s]));
  const seen = new Set<number>();
  const cited: SourceView[] = [];
  for (const c of message.citations) {
    if (seen.has(c.n)) continue;
    seen.add(c.n);
    cited.push(byN.get(c.n) ?? { ...c, url: null, excerpt: "" });
  }
  return cited;
}

/** A passage's headings below the title ("Your allowance › Part-time"), or "" (the top heading repeats the title). */
export function headingTrail(source: Pick<SourceView, "title" | "headingPath">): string {
  const path = source.headingPath[0]?.trim() === source.title.trim() ? source.headingPath.slice(1) : source.headingPath;
  return path.join(" › ");
}

/** A passage's Markdown read as plain text for a preview card: no heading marks, table rules, pipes or bullets. */
export function plainExcerpt(markdown: string): string {
  return markdown
    .replace(/(^|\s)#{1,6}\s+/g, "$1")
    .replace(/\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?/g, " ")
    .replace(/\s*\|\s*/g, " · ")
    .replace(/^\s*[-*+]\s+/gm, "")
    .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, "$1")
    .replace(/(?:\s*·\s*)+/g, " · ")
    .replace(/\s+/g, " ")
    .trim();
}
