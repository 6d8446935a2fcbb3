import { Badge } from "@lore/ui/badge";
import { PageHeader } from "@lore/ui/page-header";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { requireAdmin } from "~/server/session";
import { getCaller } from "~/trpc/server";

import { AnswerInspectionView } from "../../../inspector/answer-inspection-view";
import { EvaluationsBreadcrumb } from "../../breadcrumb";

export const metadata: Metadata = { title: "Case trace" };

const score = (value: number | null) => (value === null ? "—" : value.toFixed(2));

/**
 * One case of a run, in the inspector's view. Read once on the server: a read by another admin than the run's is
 * audited (eval_result.read), so nothing refetches it.
 */
export default async function EvaluationResultPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  const caller = await getCaller();
  const view = await caller.admin.evaluations.runs.resultTrace({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const m = view.metrics;
  return (
    <>
      <EvaluationsBreadcrumb also={{ href: `/evaluations/runs/${view.runId}`, label: "The run" }} />
      <PageHeader
        title="Case trace"
        description={`Asked as ${view.asker ? `${view.asker.name} (${view.asker.email})` : "a deleted user"}, with nothing stored in any conversation.`}
      />
      <dl className="mb-6 flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid="result-scores">
        <div className="flex items-center gap-2">
          <dt className="text-muted">Result</dt>
          <dd>
            <Badge variant={m.pass ? "success" : "danger"}>{m.pass ? "Pass" : "Fail"}</Badge>
          </dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-muted">Expected</dt>
          <dd>{m.case.answerable ? m.case.answers.join(" · ") || "—" : "a refusal (unanswerable)"}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-muted">Sources</dt>
          <dd>{m.case.sourceIds.join(", ") || "—"}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-muted">Cited</dt>
          <dd>{m.cited.join(", ") || "—"}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-muted">Token F1</dt>
          <dd className="tabular-nums">{score(m.token_f1)}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-muted">First source at rank</dt>
          <dd className="tabular-nums">{m.first_hit_rank ?? "—"}</dd>
        </div>
      </dl>
      {view.error ? <p className="mb-4 text-sm text-danger">The answer ended with an error: {view.error}</p> : null}
      <AnswerInspectionView question={view.question} answer={view.answer} trace={view.trace} inspection={view.inspection} />
    </>
  );
}
