/**
 * The fine-tuning export: what admins curated (enabled examples) and what employees approved (thumbs-up answers,
 * none down) as OpenAI chat fine-tuning records, one JSON object a line:
 * `{"messages":[{"role":"system",…},{"role":"user",…},{"role":"assistant",…}]}`, split into train and
 * validation files by a seed.
 *
 * Reads go a keyset page at a time (one Postgres session serves the whole app: no long statement, no
 * transaction). Sources, when asked for, are the passages the answer was given from, numbered as the answer cites
 * them, including passages from documents restricted to groups: they reached that employee through their own
 * access, and the admin who exports is the one who decides where the file goes. The export is audited, with how
 * many records carry restricted passages.
 */
import type { PrismaClient } from "@lore/db";
import type { MessagePart, SourceView } from "../answer/events";
import { recordAudit, type AuditEntry } from "../audit/record";
import type { ChatMessage } from "../llm/types";
import { MESSAGE_OVERHEAD_TOKENS } from "../prompt/assemble";
import { stripCitations } from "../prompt/text";
import { countTokens } from "../tokens/count";
import { splitOf, type SplitFile } from "./split";

export interface FinetuneOptions {
  /** Any text: the same seed gives the same split. */
  seed: string;
  /** The share of records in the validation file, from 0 to 1. */
  validationRatio: number;
  /** Put each answer's numbered sources in its user message (examples have none: admins wrote them). */
  withSources: boolean;
}

export interface FinetuneRecord {
  /** "example:<id>" or "answer:<message id>": what the split hashes, stable across exports. */
  key: string;
  kind: "example" | "answer";
  messages: ChatMessage[];
  /** Some of its sources come from documents restricted to groups. */
  restricted: boolean;
}

const PAGE = 200;

/** The user message: the question alone, or the numbered passages first, then the question (as the prompt has them). */
export function userMessage(question: string, sources: readonly SourceView[]): string {
  if (sources.length === 0) return question.trim();
  const passages = [...sources]
    .sort((a, b) => a.n - b.n)
    .map((s) => {
      const where =
        [s.title, ...s.headingPath]
          .map((t) => t.trim())
          .filter(Boolean)
          .join(" › ") || "Untitled";
      return `[${s.n}] ${where}\n${s.excerpt.trim()}`;
    });
  return ["Numbered excerpts from the knowledge base:", "<sources>", ...passages, "</sources>", "", `Question: ${question.trim()}`].join(
    "\n",
  );
}

/** One record's messages; no system message when the active prompt has none. */
function chat(systemPrompt: string, user: string, assistant: string): ChatMessage[] {
  return [
    ...(systemPrompt.trim() ? [{ role: "system" as const, content: systemPrompt.trim() }] : []),
    { role: "user", content: user },
    { role: "assistant", content: assistant.trim() },
  ];
}

function textOf(parts: unknown): string {
  if (!Array.isArray(parts)) return "";
  return (parts as MessagePart[])
    .filter((p): p is Extract<MessagePart, { type: "text" }> => p?.type === "text")
    .map((p) => p.text)
    .join("");
}

function sourcesOf(parts: unknown): SourceView[] {
  if (!Array.isArray(parts)) return [];
  return (parts as MessagePart[]).flatMap((p) => (p?.type === "sources" ? p.sources : []));
}

/** The active prompt configuration's system prompt ("" when none is active). */
async function activeSystemPrompt(db: PrismaClient): Promise<string> {
  const active = await db.promptConfig.findFirst({ where: { isActive: true }, select: { systemPrompt: true } });
  return active?.systemPrompt ?? "";
}

/** Every record, examples first then answers, each in id order, a page at a time. */
export async function* finetuneRecords(db: PrismaClient, options: Pick<FinetuneOptions, "withSources">): AsyncGenerator<FinetuneRecord> {
  const system = await activeSystemPrompt(db);
  for (let after = ""; ;) {
    const examples = await db.fewShotExample.findMany({
      where: { enabled: true, id: { gt: after } },
      orderBy: { id: "asc" },
      take: PAGE,
      select: { id: true, question: true, answer: true },
    });
    for (const e of examples)
      yield { key: `example:${e.id}`, kind: "example", messages: chat(system, e.question.trim(), e.answer), restricted: false };
    if (examples.length < PAGE) break;
    after = examples.at(-1)!.id;
  }
  for (let after = ""; ;) {
    const answers = await approvedAnswers(db, after);
    const restrictedDocuments = await restrictedAmong(db, options.withSources ? answers.flatMap((a) => sourcesOf(a.parts)) : []);
    for (const a of answers) {
      const question = textOf(a.question);
      const answer = textOf(a.parts);
      if (!question.trim() || !answer.trim()) continue;
      const sources = options.withSources ? sourcesOf(a.parts) : [];
      yield {
        key: `answer:${a.id}`,
        kind: "answer",
        // Without its sources an answer's [n] markers point at nothing: they are taken out.
        messages: chat(system, userMessage(question, sources), options.withSources ? answer : stripCitations(answer)),
        restricted: sources.some((s) => restrictedDocuments.has(s.documentId)),
      };
    }
    if (answers.length < PAGE) break;
    after = answers.at(-1)!.id;
  }
}

/**
 * A page of complete assistant messages rated thumbs-up and never thumbs-down, after `after` in id order, each with
 * the user message it answered (the conversation's last user message before it).
 */
function approvedAnswers(db: PrismaClient, after: string) {
  return db.$queryRaw<{ id: string; parts: unknown; question: unknown }[]>`
    SELECT m.id, m.parts,
      (SELECT q.parts FROM messages q
        WHERE q.conversation_id = m.conversation_id AND q.role = 'user' AND q.created_at <= m.created_at
        ORDER BY q.created_at DESC, q.id DESC LIMIT 1) AS question
    FROM messages m
    WHERE m.role = 'assistant' AND m.status = 'complete' AND m.id > ${after}
      AND EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.rating = 1)
      AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.rating = -1)
    ORDER BY m.id
    LIMIT ${PAGE}`;
}

/** Which of these sources' documents are restricted to groups today. */
async function restrictedAmong(db: PrismaClient, sources: SourceView[]): Promise<Set<string>> {
  const ids = [...new Set(sources.map((s) => s.documentId))];
  if (ids.length === 0) return new Set();
  const rows = await db.documentAccess.findMany({
    where: { documentId: { in: ids } },
    select: { documentId: true },
    distinct: ["documentId"],
  });
  return new Set(rows.map((r) => r.documentId));
}

/** The tokens a record costs: its contents counted with o200k_base plus the chat format's overhead per message. */
export function recordTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + countTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}

/** One JSONL line (with its newline) for a record. */
export function finetuneLine(record: Pick<FinetuneRecord, "messages">): string {
  return `${JSON.stringify({ messages: record.messages })}\n`;
}

/** The lines of one file of the split. */
export async function* finetuneFile(db: PrismaClient, options: FinetuneOptions, file: SplitFile): AsyncGenerator<string> {
  for await (const record of finetuneRecords(db, options))
    if (splitOf(options.seed, record.key, options.validationRatio) === file) yield finetuneLine(record);
}

export interface FinetuneFileSummary {
  records: number;
  examples: number;
  answers: number;
  tokens: number;
  /** Records carrying passages from documents restricted to groups. */
  restricted: number;
}

export interface FinetunePreview {
  train: FinetuneFileSummary;
  validation: FinetuneFileSummary;
  /** The system prompt's version the records carry (null: no active prompt, no system message). */
  promptVersion: number | null;
}

/** What the two files would hold: counts and tokens, computed from the same records the download writes. */
export async function finetunePreview(db: PrismaClient, options: FinetuneOptions): Promise<FinetunePreview> {
  const empty = (): FinetuneFileSummary => ({ records: 0, examples: 0, answers: 0, tokens: 0, restricted: 0 });
  const files = { train: empty(), validation: empty() };
  for await (const record of finetuneRecords(db, options)) {
    const summary = files[splitOf(options.seed, record.key, options.validationRatio)];
    summary.records += 1;
    summary[record.kind === "example" ? "examples" : "answers"] += 1;
    summary.tokens += recordTokens(record.messages);
    if (record.restricted) summary.restricted += 1;
  }
  const active = await db.promptConfig.findFirst({ where: { isActive: true }, select: { version: true } });
  return { ...files, promptVersion: active?.version ?? null };
}

/**
 * Audits a download before its first byte leaves: curated and employees' content (restricted passages too, with
 * sources) is about to leave the system.
 */
export async function recordFinetuneExport(
  db: PrismaClient,
  actor: AuditEntry["actor"],
  params: FinetuneOptions & { file: SplitFile; ip?: string | null },
): Promise<void> {
  const { ip, ...data } = params;
  await recordAudit(db, { actor, action: "export.finetune", targetType: "export", targetId: params.file, data, ip: ip ?? null });
}
