/** The database side of "what to do next" (./next-steps.ts): a run's cases, the comparison run's, the unknown sources. */
import type { PrismaClient } from "@lore/db";
import { getRun } from "./runs";
import { nextSteps, type NextStep, type StepRun } from "./next-steps";
import type { CaseMetrics } from "./score";

async function stepRun(db: PrismaClient, runId: string): Promise<StepRun> {
  const run = await getRun(db, runId);
  const results = await db.evalResult.findMany({ where: { runId }, orderBy: { caseId: "asc" }, select: { caseId: true, metrics: true } });
  return {
    id: run.id,
    config: run.config,
    resolved: run.resolved,
    metrics: run.metrics,
    cases: results.map((r) => ({ caseId: r.caseId, metrics: r.metrics as unknown as CaseMetrics })),
  };
}

/** Source ids that name no current document, by external id or by its last path segment (as runs match them). */
async function unknownSources(db: PrismaClient, sourceIds: string[]): Promise<Set<string>> {
  if (sourceIds.length === 0) return new Set();
  const rows = await db.$queryRaw<{ external_id: string }[]>`
    SELECT external_id FROM documents
    WHERE current_version_id IS NOT NULL
      AND (external_id = ANY(${sourceIds}::text[]) OR regexp_replace(external_id, '^.*/', '') = ANY(${sourceIds}::text[]))`;
  const known = new Set(rows.flatMap((r) => [r.external_id, r.external_id.split("/").pop()!]));
  return new Set(sourceIds.filter((s) => !known.has(s)));
}

/** "What to do next" for a run, compared with `baseRunId` when given. */
export async function runNextSteps(db: PrismaClient, runId: string, baseRunId?: string | null): Promise<NextStep[]> {
  const run = await stepRun(db, runId);
  const base = baseRunId ? await stepRun(db, baseRunId) : null;
  const sources = [...new Set(run.cases.flatMap((c) => c.metrics.case.sourceIds))];
  return nextSteps(run, { unknownSources: await unknownSources(db, sources), base });
}
