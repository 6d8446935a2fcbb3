/**
 * A set's cases: list (paged, in order, optionally only those a run failed), add, edit and delete by hand, and make
 * one from a rated answer (a thumbs-down becomes a regression case once an admin writes the expected answer).
 * Writes are audited. A run keeps a copy of each case as it was asked (eval_results.metrics.case), so editing a case
 * changes no past result; deleting one deletes its results (the runs' metrics, computed when they ended, stay).
 */
import type { Prisma, PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { getFeedbackItem } from "../conversations/inbox";
import { caseNotFound, EvaluationError, isUniqueViolation, setNotFound } from "./errors";
import { casesInOrder, sortableIds, toJson } from "./ids";
import { caseRecord, readCaseMetadata, type CaseMetadata } from "./jsonl";
import { MAX_EVAL_CASES_PER_SET, type EvalCaseFields } from "./limits";

type Actor = AuditEntry["actor"];

export interface EvalCaseView {
  id: string;
  setId: string;
  /** The case's own id (the JSONL `id`); null for a case added by hand without one. */
  externalId: string | null;
  question: string;
  scenario: string | null;
  answers: string[];
  sourceIds: string[];
  answerable: boolean;
  origin: CaseMetadata["origin"] | null;
  createdAt: Date;
}

type CaseRow = Awaited<ReturnType<typeof casesInOrder>>[number];

export function caseView(row: CaseRow): EvalCaseView {
  const metadata = readCaseMetadata(row.metadata);
  return {
    id: row.id,
    setId: row.setId,
    externalId: row.externalId,
    question: row.question,
    scenario: metadata.scenario ?? null,
    answers: row.expectedAnswers,
    sourceIds: row.sourceIds,
    answerable: row.answerable,
    origin: metadata.origin ?? null,
    createdAt: row.createdAt,
  };
}

export interface ListCasesParams {
  /** Words the question contains (case-insensitive). */
  query?: string | undefined;
  /** Only the cases this run failed (its results' `pass` is false). */
  failedInRunId?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export const DEFAULT_CASES_PAGE = 50;

/** One page of a set's cases, in order, with the number of cases matching the filters. */
export async function listCases(
  db: PrismaClient,
  setId: string,
  params: ListCasesParams = {},
): Promise<{ items: EvalCaseView[]; total: number; nextCursor: string | null }> {
  if (!(await db.evalSet.findUnique({ where: { id: setId }, select: { id: true } }))) throw setNotFound();
  const limit = params.limit ?? DEFAULT_CASES_PAGE;
  const where: Prisma.EvalCaseWhereInput = {
    ...(params.query ? { question: { contains: params.query, mode: "insensitive" } } : {}),
    ...(params.failedInRunId ? { results: { some: { runId: params.failedInRunId, metrics: { path: ["pass"], equals: false } } } } : {}),
  };
  const [rows, total] = await Promise.all([
    casesInOrder(db, setId, { cursor: params.cursor, take: limit + 1, where }),
    db.evalCase.count({ where: { setId, ...where } }),
  ]);
  const page = rows.slice(0, limit);
  return { items: page.map(caseView), total, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

export async function getCase(db: PrismaClient, id: string): Promise<EvalCaseView> {
  const row = await db.evalCase.findUnique({ where: { id } });
  if (!row) throw caseNotFound();
  return caseView(row);
}

const idTaken = (id: string) => new EvaluationError("CASE_ID_TAKEN", "conflict", `The set already has a case with the id "${id}".`);

type CaseInput = EvalCaseFields & { id?: string | undefined };

/** Adds one case (its metadata: the scenario, plus `origin` for a case made from feedback). */
async function insertCase(db: PrismaClient, setId: string, fields: CaseInput, actor: Actor, origin?: CaseMetadata["origin"]) {
  const set = await db.evalSet.findUnique({ where: { id: setId }, select: { _count: { select: { cases: true } } } });
  if (!set) throw setNotFound();
  if (set._count.cases >= MAX_EVAL_CASES_PER_SET)
    throw new EvaluationError("SET_FULL", "too_large", `A set holds at most ${MAX_EVAL_CASES_PER_SET.toLocaleString("en")} cases.`);
  const { metadata, ...record } = caseRecord(fields);
  const [id] = sortableIds(1);
  try {
    await db.$transaction(async (tx) => {
      await tx.evalCase.create({ data: { id: id!, setId, ...record, metadata: toJson({ ...metadata, ...(origin ? { origin } : {}) }) } });
      await recordAudit(tx, {
        actor,
        action: origin ? "eval_case.created_from_feedback" : "eval_case.created",
        targetType: "eval_case",
        targetId: id!,
        data: { setId, ...(origin ? { feedbackId: origin.feedbackId } : {}) },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw idTaken(record.externalId ?? "");
    throw error;
  }
  return getCase(db, id!);
}

export function createCase(db: PrismaClient, setId: string, fields: CaseInput, actor: Actor): Promise<EvalCaseView> {
  return insertCase(db, setId, fields, actor);
}

/** Replaces a case's fields (its extra JSONL fields and origin are kept). */
export async function updateCase(db: PrismaClient, id: string, fields: CaseInput, actor: Actor): Promise<EvalCaseView> {
  const { metadata, ...record } = caseRecord(fields);
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.evalCase.findUnique({ where: { id }, select: { setId: true, metadata: true } });
      if (!before) throw caseNotFound();
      const kept = readCaseMetadata(before.metadata);
      const merged: CaseMetadata = {
        ...(metadata.scenario ? { scenario: metadata.scenario } : {}),
        ...(kept.extra ? { extra: kept.extra } : {}),
        ...(kept.origin ? { origin: kept.origin } : {}),
      };
      await tx.evalCase.update({ where: { id }, data: { ...record, metadata: toJson(merged) } });
      await recordAudit(tx, { actor, action: "eval_case.updated", targetType: "eval_case", targetId: id, data: { setId: before.setId } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw idTaken(record.externalId ?? "");
    throw error;
  }
  return getCase(db, id);
}

export async function deleteCase(db: PrismaClient, id: string, actor: Actor): Promise<{ id: string }> {
  await db.$transaction(async (tx) => {
    const row = await tx.evalCase.findUnique({ where: { id }, select: { setId: true, externalId: true } });
    if (!row) throw caseNotFound();
    await tx.evalCase.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "eval_case.deleted", targetType: "eval_case", targetId: id, data: { ...row } });
  });
  return { id };
}

/**
 * A regression case from a rated answer: the question asked, the expected answers the admin wrote, and as sources
 * the external ids of the documents the answer cited (the admin may replace them). Reading the employee's
 * conversation is audited (`feedback.read`) as in the inbox; the case's id defaults to `feedback-<feedback id>`, so
 * the same feedback is added to a set once.
 */
export async function createCaseFromFeedback(
  db: PrismaClient,
  input: { setId: string; feedbackId: string; answers: string[]; sourceIds?: string[] | undefined; id?: string | undefined },
  reader: { actor: NonNullable<Actor>; ip?: string | null },
): Promise<EvalCaseView> {
  if (!(await db.evalSet.findUnique({ where: { id: input.setId }, select: { id: true } }))) throw setNotFound();
  const item = await getFeedbackItem(db, input.feedbackId, reader);
  let sourceIds = input.sourceIds;
  if (sourceIds === undefined) {
    const cited = [...new Set(item.citations.map((c) => c.documentId))];
    const documents = await db.document.findMany({ where: { id: { in: cited } }, select: { id: true, externalId: true } });
    sourceIds = cited.flatMap((id) => documents.filter((d) => d.id === id).map((d) => d.externalId));
  }
  return insertCase(
    db,
    input.setId,
    {
      id: input.id ?? `feedback-${input.feedbackId}`,
      question: item.question,
      answers: input.answers,
      source_ids: sourceIds,
      answerable: true,
    },
    reader.actor,
    { kind: "feedback", feedbackId: item.id, messageId: item.messageId },
  );
}
