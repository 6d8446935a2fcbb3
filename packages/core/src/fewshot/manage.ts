/**
 * Curating examples: list, read, create, edit, delete, toggle, mark reviewed — every write audited (`example.*`).
 *
 * - `reviewed_at` moves when what an example SAYS changes (question, answer, linked documents) and on "mark
 *   reviewed"; pin and enable toggles leave it alone, so they never clear the stale flag (stale.ts).
 * - A new or edited question is embedded right after its transaction commits (never inside one: the embedded
 *   database is one session), so Try it and the chat see the example at once. Until then the example is pending
 *   (README.md). If the embedder fails, the saved example stays pending and the worker embeds it later; the result
 *   says so instead of failing a save that did happen.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import type { Embedder } from "../embed/types";
import { markFeedbackConverted } from "../conversations/inbox";
import { embedExamples } from "./embedding";
import { EXAMPLE_NOT_FOUND_MESSAGE, ExampleError } from "./errors";
import { STALE_EXAMPLE_SQL, staleLinks, type StaleLink } from "./stale";

type Actor = AuditEntry["actor"];

/** Gives the active embedder when it is needed (after the save), so broken embedding settings never block a save. */
export type EmbedderSource = () => Promise<Embedder>;

export interface ExampleFields {
  question: string;
  /** The ideal answer, Markdown. */
  answer: string;
  tags: string[];
  /** Documents the answer relies on: the example is given only to those who may read all of them. */
  documentIds: string[];
  pinned: boolean;
  enabled: boolean;
}

export interface ListExamplesParams {
  /** Words in the question or the answer (case-insensitive substring). */
  query?: string | undefined;
  tag?: string | undefined;
  enabled?: boolean | undefined;
  pinned?: boolean | undefined;
  stale?: boolean | undefined;
  /** The last id of the previous page. */
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface ExampleRow {
  id: string;
  question: string;
  answer: string;
  tags: string[];
  pinned: boolean;
  enabled: boolean;
  /** No vector of the active model yet: selected by nobody until embedded. */
  pending: boolean;
  documentCount: number;
  reviewedAt: Date;
  updatedAt: Date;
  stale: StaleLink[];
}

export const DEFAULT_EXAMPLE_PAGE = 50;

/** One page of examples, the most recently updated first (keyset on updated_at, id). */
export async function listExamples(
  db: PrismaClient,
  params: ListExamplesParams = {},
): Promise<{ items: ExampleRow[]; nextCursor: string | null }> {
  const limit = params.limit ?? DEFAULT_EXAMPLE_PAGE;
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (params.query) {
    const like = `%${params.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`(e.question ILIKE ${like} OR e.answer ILIKE ${like})`);
  }
  if (params.tag) conditions.push(Prisma.sql`${params.tag} = ANY(e.tags)`);
  if (params.enabled !== undefined) conditions.push(Prisma.sql`e.enabled = ${params.enabled}`);
  if (params.pinned !== undefined) conditions.push(Prisma.sql`e.pinned = ${params.pinned}`);
  if (params.stale !== undefined) conditions.push(params.stale ? STALE_EXAMPLE_SQL : Prisma.sql`NOT ${STALE_EXAMPLE_SQL}`);
  if (params.cursor) {
    conditions.push(Prisma.sql`(e.updated_at, e.id) < (SELECT c.updated_at, c.id FROM few_shot_examples c WHERE c.id = ${params.cursor})`);
  }
  const rows = await db.$queryRaw<Omit<ExampleRow, "stale">[]>`
    SELECT e.id, e.question, e.answer, e.tags, e.pinned, e.enabled,
           (e.embedding IS NULL OR e.embedding_model IS DISTINCT FROM
              (SELECT m.id FROM embedding_models m WHERE m.state = 'active' LIMIT 1)) AS pending,
           (SELECT count(*)::int FROM few_shot_example_documents l WHERE l.example_id = e.id) AS "documentCount",
           e.reviewed_at AS "reviewedAt", e.updated_at AS "updatedAt"
    FROM few_shot_examples e
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY e.updated_at DESC, e.id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const stale = await staleLinks(
    db,
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => ({ ...r, stale: stale.get(r.id) ?? [] })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}

/** One example with its linked documents, where it came from, and its stale links. */
export async function getExample(db: PrismaClient, id: string) {
  const example = await db.fewShotExample.findUnique({
    where: { id },
    select: {
      id: true,
      question: true,
      answer: true,
      tags: true,
      pinned: true,
      enabled: true,
      embeddingModel: true,
      reviewedAt: true,
      createdAt: true,
      updatedAt: true,
      sourceMessageId: true,
      createdBy: { select: { id: true, name: true, email: true } },
      updatedBy: { select: { id: true, name: true, email: true } },
      documents: { select: { document: { select: { id: true, title: true, externalId: true, source: true } } } },
    },
  });
  if (!example) throw new ExampleError("EXAMPLE_NOT_FOUND", EXAMPLE_NOT_FOUND_MESSAGE);
  const { documents, embeddingModel, ...rest } = example;
  const stale = (await staleLinks(db, [id])).get(id) ?? [];
  const active = await db.embeddingModel.findFirst({ where: { state: "active" }, select: { id: true } });
  const pending = embeddingModel === null || (active !== null && embeddingModel !== active.id);
  return { ...rest, pending, documents: documents.map((d) => d.document), stale };
}

/** Refuses links to documents that do not exist, naming them (a half-linked example would be given too widely). */
async function requireDocuments(db: Prisma.TransactionClient | PrismaClient, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const found = new Set((await db.document.findMany({ where: { id: { in: unique } }, select: { id: true } })).map((d) => d.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ExampleError(
      "UNKNOWN_DOCUMENT",
      `These linked documents do not exist (any more): ${missing.join(", ")}. Remove them and save again.`,
    );
  }
  return unique;
}

const normaliseTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

/** Embeds the examples after their save; false when the embedder failed (they stay pending for the worker). */
async function embedNow(db: PrismaClient, embedder: EmbedderSource, ids: string[]): Promise<boolean> {
  try {
    await embedExamples(db, await embedder(), { ids });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates an example, audited. With `feedbackId`, the feedback it was made from is marked converted in the same
 * transaction (and the example remembers the rated answer as its source), or nothing is saved.
 */
export async function createExample(
  db: PrismaClient,
  embedder: EmbedderSource,
  fields: ExampleFields,
  actor: Actor,
  options: { feedbackId?: string | undefined } = {},
): Promise<{ id: string; embedded: boolean }> {
  const id = randomUUID();
  const documentIds = await requireDocuments(db, fields.documentIds);
  await db.$transaction(async (tx) => {
    const sourceMessageId = options.feedbackId
      ? ((await tx.feedback.findUnique({ where: { id: options.feedbackId }, select: { messageId: true } }))?.messageId ?? null)
      : null;
    await tx.fewShotExample.create({
      data: {
        id,
        question: fields.question,
        answer: fields.answer,
        tags: normaliseTags(fields.tags),
        pinned: fields.pinned,
        enabled: fields.enabled,
        createdById: actor?.id ?? null,
        updatedById: actor?.id ?? null,
        sourceMessageId,
        documents: { create: documentIds.map((documentId) => ({ documentId })) },
      },
    });
    await recordAudit(tx, {
      actor,
      action: "example.created",
      targetType: "example",
      targetId: id,
      data: {
        question: fields.question,
        documentIds,
        pinned: fields.pinned,
        enabled: fields.enabled,
        feedbackId: options.feedbackId ?? null,
      },
    });
    if (options.feedbackId) await markFeedbackConverted(tx, { feedbackId: options.feedbackId, exampleId: id }, actor);
  });
  return { id, embedded: await embedNow(db, embedder, [id]) };
}

/**
 * Replaces an example's fields, audited with the names of the fields that changed. A changed question clears the
 * vector in the same statement (the model id alone does not tell that the text changed) and is embedded again.
 */
export async function updateExample(
  db: PrismaClient,
  embedder: EmbedderSource,
  id: string,
  fields: ExampleFields,
  actor: Actor,
): Promise<{ id: string; embedded: boolean; changed: string[] }> {
  const documentIds = await requireDocuments(db, fields.documentIds);
  const tags = normaliseTags(fields.tags);
  const changed = await db.$transaction(async (tx) => {
    const before = await tx.fewShotExample.findUnique({
      where: { id },
      select: { question: true, answer: true, tags: true, pinned: true, enabled: true, documents: { select: { documentId: true } } },
    });
    if (!before) throw new ExampleError("EXAMPLE_NOT_FOUND", EXAMPLE_NOT_FOUND_MESSAGE);
    const linksBefore = before.documents.map((d) => d.documentId).sort();
    const linksChanged = linksBefore.join("\n") !== [...documentIds].sort().join("\n");
    const changed = [
      ...(before.question !== fields.question ? ["question"] : []),
      ...(before.answer !== fields.answer ? ["answer"] : []),
      ...(before.tags.join("\n") !== tags.join("\n") ? ["tags"] : []),
      ...(linksChanged ? ["documents"] : []),
      ...(before.pinned !== fields.pinned ? ["pinned"] : []),
      ...(before.enabled !== fields.enabled ? ["enabled"] : []),
    ];
    if (changed.length === 0) return changed;
    const reviewed = changed.some((f) => f === "question" || f === "answer" || f === "documents");
    await tx.fewShotExample.update({
      where: { id },
      data: {
        question: fields.question,
        answer: fields.answer,
        tags,
        pinned: fields.pinned,
        enabled: fields.enabled,
        updatedById: actor?.id ?? null,
        ...(reviewed ? { reviewedAt: new Date() } : {}),
      },
    });
    if (changed.includes("question")) {
      await tx.$executeRaw`UPDATE few_shot_examples SET embedding = NULL, embedding_model = NULL, embedding_dims = NULL WHERE id = ${id}`;
    }
    if (linksChanged) {
      await tx.fewShotExampleDocument.deleteMany({ where: { exampleId: id } });
      await tx.fewShotExampleDocument.createMany({ data: documentIds.map((documentId) => ({ exampleId: id, documentId })) });
    }
    await recordAudit(tx, {
      actor,
      action: "example.updated",
      targetType: "example",
      targetId: id,
      data: { changed, question: fields.question },
    });
    return changed;
  });
  const embedded = changed.includes("question") ? await embedNow(db, embedder, [id]) : true;
  return { id, embedded, changed };
}

/** Pins/unpins or enables/disables an example, audited. Leaves `reviewed_at` (and so the stale flag) alone. */
export async function setExampleFlags(
  db: PrismaClient,
  id: string,
  flags: { pinned?: boolean | undefined; enabled?: boolean | undefined },
  actor: Actor,
): Promise<{ id: string; pinned: boolean; enabled: boolean }> {
  return db.$transaction(async (tx) => {
    const exists = await tx.fewShotExample.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new ExampleError("EXAMPLE_NOT_FOUND", EXAMPLE_NOT_FOUND_MESSAGE);
    const row = await tx.fewShotExample.update({
      where: { id },
      data: {
        ...(flags.pinned === undefined ? {} : { pinned: flags.pinned }),
        ...(flags.enabled === undefined ? {} : { enabled: flags.enabled }),
        updatedById: actor?.id ?? null,
      },
      select: { id: true, pinned: true, enabled: true },
    });
    await recordAudit(tx, { actor, action: "example.flags_changed", targetType: "example", targetId: id, data: flags });
    return row;
  });
}

/** Records that an admin checked the example against its documents' current versions: it is no longer stale. */
export async function markExampleReviewed(db: PrismaClient, id: string, actor: Actor): Promise<{ id: string; reviewedAt: Date }> {
  return db.$transaction(async (tx) => {
    const exists = await tx.fewShotExample.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new ExampleError("EXAMPLE_NOT_FOUND", EXAMPLE_NOT_FOUND_MESSAGE);
    const row = await tx.fewShotExample.update({ where: { id }, data: { reviewedAt: new Date() }, select: { id: true, reviewedAt: true } });
    await recordAudit(tx, { actor, action: "example.reviewed", targetType: "example", targetId: id });
    return row;
  });
}

/** Deletes an example (its links go with it; feedback made into it keeps its status), audited with what it said. */
export async function deleteExample(db: PrismaClient, id: string, actor: Actor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const example = await tx.fewShotExample.findUnique({ where: { id }, select: { question: true, answer: true } });
    if (!example) throw new ExampleError("EXAMPLE_NOT_FOUND", EXAMPLE_NOT_FOUND_MESSAGE);
    await tx.fewShotExample.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "example.deleted", targetType: "example", targetId: id, data: example });
    return { id };
  });
}
