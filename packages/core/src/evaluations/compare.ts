/**
 * Two or more runs side by side: their metrics, what differs in their configurations and knowledge, and per case
 * which ones passed in one run and failed in the next (regressions) or the reverse (improvements). Runs are compared
 * in the order given (a ladder: rung after rung), each with the one before it; only cases both runs answered count.
 */
import { Prisma, type PrismaClient } from "@lore/db";
import { EvaluationError } from "./errors";
import { getRun, type EvalRunDetail, type StoredRunConfig } from "./runs";
import { stateChange, type StateChange } from "./state";

export interface CaseOutcome {
  runId: string;
  caseId: string;
  pass: boolean;
}

export interface CaseRef {
  caseId: string;
  externalId: string | null;
  question: string;
}

export interface RunPair {
  from: string;
  to: string;
  /** Configuration settings that differ, as "retrieval.mode: vector → hybrid". */
  changes: string[];
  knowledge: StateChange | null;
  regressions: string[];
  improvements: string[];
}

/** The settings in which two run configurations differ, flattened to dotted names. */
export function configChanges(a: StoredRunConfig, b: StoredRunConfig): string[] {
  const flat = (value: unknown, prefix = ""): Array<[string, unknown]> =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.entries(value).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k))
      : [[prefix, value]];
  const before = new Map(flat(a));
  const after = new Map(flat(b));
  const show = (v: unknown) => (v === undefined ? "default" : JSON.stringify(v));
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)))
    .sort()
    .map((k) => `${k}: ${show(before.get(k))} → ${show(after.get(k))}`);
}

/** Regressions and improvements from run `from` to run `to`, over the cases both answered (pure). */
export function diffOutcomes(
  outcomes: readonly CaseOutcome[],
  from: string,
  to: string,
): { regressions: string[]; improvements: string[] } {
  const before = new Map(outcomes.filter((o) => o.runId === from).map((o) => [o.caseId, o.pass]));
  const regressions: string[] = [];
  const improvements: string[] = [];
  for (const o of outcomes) {
    if (o.runId !== to || !before.has(o.caseId)) continue;
    const was = before.get(o.caseId)!;
    if (was && !o.pass) regressions.push(o.caseId);
    if (!was && o.pass) improvements.push(o.caseId);
  }
  return { regressions: regressions.sort(), improvements: improvements.sort() };
}

export interface RunComparison {
  runs: EvalRunDetail[];
  pairs: RunPair[];
  /** Cases whose outcome differs between any two of the runs, in the set's order: pass per run (null: not answered). */
  cases: Array<CaseRef & { pass: Array<boolean | null> }>;
  /** More cases differ than are listed. */
  truncated: boolean;
}

export const MAX_COMPARED_CASES = 500;

export async function compareRuns(db: PrismaClient, runIds: readonly string[]): Promise<RunComparison> {
  const runs = await Promise.all(runIds.map((id) => getRun(db, id)));
  if (new Set(runs.map((r) => r.setId)).size > 1)
    throw new EvaluationError("RUNS_NOT_COMPARABLE", "bad_request", "Compare runs of the same evaluation set: their cases are the same.");
  const rows = await db.$queryRaw<Array<CaseOutcome & { externalId: string | null; question: string }>>`
    SELECT r.run_id AS "runId", r.case_id AS "caseId", COALESCE((r.metrics->>'pass')::boolean, false) AS pass,
           c.external_id AS "externalId", c.question
    FROM eval_results r JOIN eval_cases c ON c.id = r.case_id
    WHERE r.run_id IN (${Prisma.join(runIds)})`;
  const pairs: RunPair[] = runs.slice(1).map((to, i) => {
    const from = runs[i]!;
    const knowledge = from.resolved && to.resolved ? stateChange(from.resolved.knowledge, to.resolved.knowledge) : null;
    return { from: from.id, to: to.id, changes: configChanges(from.config, to.config), knowledge, ...diffOutcomes(rows, from.id, to.id) };
  });
  const byCase = new Map<string, CaseRef & { pass: Array<boolean | null> }>();
  for (const row of rows) {
    const entry = byCase.get(row.caseId) ?? {
      caseId: row.caseId,
      externalId: row.externalId,
      question: row.question,
      pass: runIds.map(() => null),
    };
    entry.pass[runIds.indexOf(row.runId)] = row.pass;
    byCase.set(row.caseId, entry);
  }
  const differing = [...byCase.values()]
    .filter((c) => new Set(c.pass.filter((p) => p !== null)).size > 1)
    .sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  return { runs, pairs, cases: differing.slice(0, MAX_COMPARED_CASES), truncated: differing.length > MAX_COMPARED_CASES };
}
