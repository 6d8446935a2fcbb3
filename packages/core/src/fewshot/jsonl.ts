/**
 * Examples as JSON Lines, one example an object a line:
 *   {"question": "...", "answer": "...", "tags": ["..."], "document_external_ids": ["..."], "pinned": false, "enabled": true}
 * (`document_ids` may stand in for `document_external_ids`; export writes both).
 *
 * Import decisions (docs/admin-console/examples.md):
 *   - each line is whole or nothing: a bad line (not JSON, a missing field, an unknown document) is reported with its
 *     line number and reason and imports nothing; the good lines of the same call ARE kept;
 *   - a line whose question is already an example's (exact text) is skipped and reported, so importing a fixed file
 *     again adds only what was missing instead of duplicating;
 *   - the good lines of one call are created in one short transaction with one audit entry (`example.imported`),
 *     then embedded after it commits.
 * The console sends a big file in several calls (tRPC's body cap), each with the number of its first line.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@lore/db";
import { CONTROL_CHARACTER, MAX_TAG_CHARS } from "../ingest/normalize";
import { recordAudit, type AuditEntry } from "../audit/record";
import { embedExamples } from "./embedding";
import type { EmbedderSource } from "./manage";

export const MAX_EXAMPLE_QUESTION_CHARS = 2_000;
export const MAX_EXAMPLE_ANSWER_CHARS = 20_000;

// PostgreSQL text cannot hold NUL: refused here, as the line's error, rather than failing the whole batch.
const text = (field: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${field} is empty`)
    .max(max, `${field} is longer than ${max} characters`)
    .refine((value) => !value.includes("\u0000"), `${field} contains a NUL character`);

const lineSchema = z.object({
  question: text("question", MAX_EXAMPLE_QUESTION_CHARS),
  answer: text("answer", MAX_EXAMPLE_ANSWER_CHARS),
  tags: z
    .array(
      z
        .string()
        .trim()
        .min(1, "a tag is empty")
        .max(MAX_TAG_CHARS, `a tag is longer than ${MAX_TAG_CHARS} characters`)
        .refine((tag) => !CONTROL_CHARACTER.test(tag), "a tag contains a control character"),
    )
    .max(50)
    .default([]),
  document_external_ids: z.array(z.string().min(1)).max(50).optional(),
  document_ids: z.array(z.string().min(1)).max(50).optional(),
  pinned: z.boolean().default(false),
  enabled: z.boolean().default(true),
});

export type ExampleLine = z.output<typeof lineSchema>;

export interface LineError {
  /** 1-based, in the whole file. */
  line: number;
  message: string;
}

export interface ParsedLines {
  lines: Array<{ line: number; value: ExampleLine }>;
  errors: LineError[];
}

/** Parses JSONL text (pure): blank lines are ignored; each other line is an example or an error in words. */
export function parseExamplesJsonl(text: string, firstLine = 1): ParsedLines {
  const result: ParsedLines = { lines: [], errors: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = firstLine + i;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      result.errors.push({ line, message: "not valid JSON" });
      return;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      result.errors.push({ line, message: "expected a JSON object" });
      return;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join(".");
      const missing =
        issue.code === "invalid_type" && issue.path.length === 1 && (json as Record<string, unknown>)[String(issue.path[0])] === undefined;
      const message = missing ? `${field} is missing` : issue.message;
      result.errors.push({ line, message: field && !message.startsWith(field) ? `${field}: ${message}` : message });
      return;
    }
    result.lines.push({ line, value: parsed.data });
  });
  return result;
}

export interface ImportResult {
  imported: number;
  /** Lines whose question already exists. */
  skipped: LineError[];
  errors: LineError[];
  /** Whether the imported examples got their vectors now (else the worker embeds them). */
  embedded: boolean;
}

/** Imports the good lines of `text` (see the file comment). */
export async function importExamples(
  db: PrismaClient,
  embedder: EmbedderSource,
  input: { text: string; firstLine?: number | undefined },
  actor: AuditEntry["actor"],
): Promise<ImportResult> {
  const parsed = parseExamplesJsonl(input.text, input.firstLine ?? 1);
  const errors = [...parsed.errors];
  const skipped: LineError[] = [];

  // Resolve document references in two queries.
  const externalIds = [...new Set(parsed.lines.flatMap((l) => l.value.document_external_ids ?? []))];
  const ids = [...new Set(parsed.lines.flatMap((l) => l.value.document_ids ?? []))];
  const byExternal = new Map<string, string[]>();
  for (const d of await db.document.findMany({ where: { externalId: { in: externalIds } }, select: { id: true, externalId: true } })) {
    byExternal.set(d.externalId, [...(byExternal.get(d.externalId) ?? []), d.id]);
  }
  const knownIds = new Set((await db.document.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((d) => d.id));
  const existing = new Set(
    (
      await db.fewShotExample.findMany({
        where: { question: { in: parsed.lines.map((l) => l.value.question) } },
        select: { question: true },
      })
    ).map((e) => e.question),
  );

  const rows: Array<{ id: string; line: number; value: ExampleLine; documentIds: string[] }> = [];
  for (const { line, value } of parsed.lines) {
    if (existing.has(value.question)) {
      skipped.push({ line, message: "an example with this question already exists" });
      continue;
    }
    const documentIds = new Set<string>();
    const problems: string[] = [];
    // Ids win when they all exist here (an export re-imported into the same instance); otherwise the external
    // ids (another instance, where the ids differ).
    const byId = value.document_ids ?? [];
    if (byId.length > 0 && (byId.every((id) => knownIds.has(id)) || value.document_external_ids === undefined)) {
      for (const id of byId) {
        if (knownIds.has(id)) documentIds.add(id);
        else problems.push(`no document has the id "${id}"`);
      }
    } else {
      for (const external of value.document_external_ids ?? []) {
        const found = byExternal.get(external) ?? [];
        if (found.length === 0) problems.push(`no document has the external id "${external}"`);
        else if (found.length > 1) problems.push(`several documents have the external id "${external}"; use document_ids`);
        else documentIds.add(found[0]!);
      }
    }
    if (problems.length > 0) {
      errors.push({ line, message: problems.join("; ") });
      continue;
    }
    existing.add(value.question); // a question twice in the same file is imported once
    rows.push({ id: randomUUID(), line, value, documentIds: [...documentIds] });
  }

  if (rows.length > 0) {
    await db.$transaction(async (tx) => {
      await tx.fewShotExample.createMany({
        data: rows.map((r) => ({
          id: r.id,
          question: r.value.question,
          answer: r.value.answer,
          tags: [...new Set(r.value.tags)],
          pinned: r.value.pinned,
          enabled: r.value.enabled,
          createdById: actor?.id ?? null,
          updatedById: actor?.id ?? null,
        })),
      });
      const links = rows.flatMap((r) => r.documentIds.map((documentId) => ({ exampleId: r.id, documentId })));
      if (links.length > 0) await tx.fewShotExampleDocument.createMany({ data: links });
      await recordAudit(tx, {
        actor,
        action: "example.imported",
        targetType: "example",
        data: { count: rows.length, ids: rows.map((r) => r.id), errors: errors.length, skipped: skipped.length },
      });
    });
  }
  let embedded = true;
  if (rows.length > 0) {
    try {
      await embedExamples(db, await embedder(), { ids: rows.map((r) => r.id) });
    } catch {
      embedded = false;
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { imported: rows.length, skipped, errors, embedded };
}

export const EXPORT_PAGE = 200;

/** One page of the export as JSONL text (ordered by id, keyset), with the cursor of the next page. */
export async function exportExamplesJsonl(
  db: PrismaClient,
  params: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<{ text: string; count: number; nextCursor: string | null }> {
  const limit = params.limit ?? EXPORT_PAGE;
  const rows = await db.fewShotExample.findMany({
    where: params.cursor ? { id: { gt: params.cursor } } : {},
    orderBy: { id: "asc" },
    take: limit + 1,
    select: {
      id: true,
      question: true,
      answer: true,
      tags: true,
      pinned: true,
      enabled: true,
      documents: { select: { document: { select: { id: true, externalId: true } } }, orderBy: { documentId: "asc" } },
    },
  });
  const page = rows.slice(0, limit);
  const text = page
    .map((e) =>
      JSON.stringify({
        question: e.question,
        answer: e.answer,
        tags: e.tags,
        document_external_ids: e.documents.map((d) => d.document.externalId),
        document_ids: e.documents.map((d) => d.document.id),
        pinned: e.pinned,
        enabled: e.enabled,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
  return { text, count: page.length, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}
