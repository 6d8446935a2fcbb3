/**
 * Evaluation sets: create, rename, delete, import JSONL (all or nothing), export JSONL (paged). Writes are audited.
 * Deleting a set deletes its cases and runs; a run in progress notices at its next case and stops.
 */
import type { PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { EvaluationError, isUniqueViolation, setNotFound } from "./errors";
import { casesInOrder, sortableIds, toJson } from "./ids";
import { formatCasesJsonl, parseCasesJsonl, readCaseMetadata, type LineError } from "./jsonl";
import { MAX_EVAL_CASES_PER_SET } from "./limits";

type Actor = AuditEntry["actor"];

export interface EvalSetSummary {
  id: string;
  name: string;
  description: string | null;
  source: string | null;
  cases: number;
  runs: number;
  lastRun: { id: string; status: string; createdAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

const nameTaken = (name: string) =>
  new EvaluationError("SET_NAME_TAKEN", "conflict", `An evaluation set is already called "${name}". Choose another name.`);

const withCounts = {
  _count: { select: { cases: true, runs: true } },
  runs: {
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
    take: 1,
    select: { id: true, status: true, createdAt: true },
  },
};

type SetRow = Awaited<ReturnType<typeof readSets>>[number];
const readSets = (db: PrismaClient, where: { id?: string } = {}) =>
  db.evalSet.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], include: withCounts });

function summary({ _count, runs, createdById: _createdBy, ...set }: SetRow): EvalSetSummary {
  return { ...set, cases: _count.cases, runs: _count.runs, lastRun: runs[0] ?? null };
}

/** Every set, newest first, with its number of cases and runs and its last run. */
export async function listSets(db: PrismaClient): Promise<EvalSetSummary[]> {
  return (await readSets(db)).map(summary);
}

export async function getSet(db: PrismaClient, id: string): Promise<EvalSetSummary> {
  const [set] = await readSets(db, { id });
  if (!set) throw setNotFound();
  return summary(set);
}

export async function createSet(
  db: PrismaClient,
  input: { name: string; description?: string | null | undefined; source?: string | null | undefined },
  actor: Actor,
): Promise<{ id: string }> {
  const [id] = sortableIds(1);
  try {
    await db.$transaction(async (tx) => {
      await tx.evalSet.create({
        data: {
          id: id!,
          name: input.name,
          description: input.description ?? null,
          source: input.source ?? null,
          createdById: actor?.id ?? null,
        },
      });
      await recordAudit(tx, { actor, action: "eval_set.created", targetType: "eval_set", targetId: id!, data: { name: input.name } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
  return { id: id! };
}

export async function updateSet(
  db: PrismaClient,
  id: string,
  input: { name?: string | undefined; description?: string | null | undefined },
  actor: Actor,
): Promise<{ id: string }> {
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.evalSet.findUnique({ where: { id }, select: { name: true, description: true } });
      if (!before) throw setNotFound();
      await tx.evalSet.update({
        where: { id },
        data: {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.description === undefined ? {} : { description: input.description }),
        },
      });
      await recordAudit(tx, {
        actor,
        action: "eval_set.updated",
        targetType: "eval_set",
        targetId: id,
        data: { before: before.name, ...(input.name === undefined ? {} : { name: input.name }) },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? "");
    throw error;
  }
  return { id };
}

/** Deletes the set with its cases, runs and results. */
export async function deleteSet(db: PrismaClient, id: string, actor: Actor): Promise<{ id: string }> {
  await db.$transaction(async (tx) => {
    const set = await tx.evalSet.findUnique({ where: { id }, select: { name: true, _count: { select: { cases: true, runs: true } } } });
    if (!set) throw setNotFound();
    await tx.evalSet.delete({ where: { id } });
    await recordAudit(tx, {
      actor,
      action: "eval_set.deleted",
      targetType: "eval_set",
      targetId: id,
      data: { name: set.name, cases: set._count.cases, runs: set._count.runs },
    });
  });
  return { id };
}

export interface ImportCasesResult {
  /** Cases added; 0 whenever there is an error. */
  imported: number;
  errors: LineError[];
}

/**
 * Adds the cases of a JSONL text to a set, all or nothing: any bad line (not JSON, a missing or too long field, an
 * id twice, an id the set already has) is reported with its line number and nothing is imported. The good case
 * is one transaction with one audit entry (`eval_set.imported`).
 */
export async function importCases(
  db: PrismaClient,
  setId: string,
  input: { text: string; firstLine?: number | undefined },
  actor: Actor,
): Promise<ImportCasesResult> {
  const set = await db.evalSet.findUnique({ where: { id: setId }, select: { id: true, _count: { select: { cases: true } } } });
  if (!set) throw setNotFound();
  const parsed = parseCasesJsonl(input.text, input.firstLine ?? 1);
  const errors = [...parsed.errors];
  const ids = parsed.cases.flatMap((c) => (c.record.externalId === null ? [] : [c.record.externalId]));
  const existing = new Set(
    (await db.evalCase.findMany({ where: { setId, externalId: { in: ids } }, select: { externalId: true } })).map((c) => c.externalId),
  );
  for (const c of parsed.cases) {
    if (c.record.externalId !== null && existing.has(c.record.externalId))
      errors.push({ line: c.line, message: `the set already has a case with the id "${c.record.externalId}"` });
  }
  if (errors.length === 0 && parsed.cases.length === 0) errors.push({ line: input.firstLine ?? 1, message: "the file has no cases" });
  if (errors.length > 0) return { imported: 0, errors: errors.sort((a, b) => a.line - b.line) };
  if (set._count.cases + parsed.cases.length > MAX_EVAL_CASES_PER_SET) {
    throw new EvaluationError(
      "SET_FULL",
      "too_large",
      `A set holds at most ${MAX_EVAL_CASES_PER_SET.toLocaleString("en")} cases; this one has ${set._count.cases} and the file ${parsed.cases.length}. Split the file into several sets.`,
    );
  }
  const caseIds = sortableIds(parsed.cases.length);
  try {
    await db.$transaction(async (tx) => {
      await tx.evalCase.createMany({
        data: parsed.cases.map(({ record: { metadata, ...r } }, i) => ({ id: caseIds[i]!, setId, ...r, metadata: toJson(metadata) })),
      });
      await tx.evalSet.update({ where: { id: setId }, data: { updatedAt: new Date() } });
      await recordAudit(tx, {
        actor,
        action: "eval_set.imported",
        targetType: "eval_set",
        targetId: setId,
        data: { count: parsed.cases.length },
      });
    });
  } catch (error) {
    // Another import added one of these ids meanwhile.
    if (isUniqueViolation(error))
      return {
        imported: 0,
        errors: [{ line: input.firstLine ?? 1, message: "another import added some of these ids meanwhile; try again" }],
      };
    throw error;
  }
  return { imported: parsed.cases.length, errors: [] };
}

export const EXPORT_PAGE = 500;

/** One page of the set as JSONL (cases in their order), with the cursor of the next page. */
export async function exportCases(
  db: PrismaClient,
  setId: string,
  params: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<{ text: string; count: number; nextCursor: string | null }> {
  if (!(await db.evalSet.findUnique({ where: { id: setId }, select: { id: true } }))) throw setNotFound();
  const limit = params.limit ?? EXPORT_PAGE;
  const rows = await casesInOrder(db, setId, { cursor: params.cursor, take: limit + 1 });
  const page = rows.slice(0, limit);
  const text = formatCasesJsonl(page.map((c) => ({ ...c, metadata: readCaseMetadata(c.metadata) })));
  return { text, count: page.length, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}
