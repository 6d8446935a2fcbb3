"use client";

import type { RouterOutputs } from "@lore/api";
import { MAX_RESULT_CASE_FILTER } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge, type BadgeVariant } from "@lore/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { isActive } from "../../format";

type Run = RouterOutputs["admin"]["evaluations"]["runs"]["get"];

const SEVERITY: Record<"high" | "medium" | "info", { label: string; variant: BadgeVariant }> = {
  high: { label: "Important", variant: "danger" },
  medium: { label: "Worth a look", variant: "warning" },
  info: { label: "Note", variant: "neutral" },
};

/**
 * "What to do next" from the run's numbers; a ladder's rung is also compared with the rung before it. Each item
 * links to the per-case table filtered to its cases.
 */
export function NextSteps({ run }: { run: Run }) {
  const trpc = useTRPC();
  const ladder = useQuery({
    ...trpc.admin.evaluations.runs.list.queryOptions({ ladderId: run.ladderId ?? undefined, limit: 10 }),
    enabled: run.ladderId !== null,
  });
  // Listed newest first: the rung before this one is the next in the list.
  const rungs = ladder.data?.items ?? [];
  const base = rungs[rungs.findIndex((r) => r.id === run.id) + 1];
  const waiting = run.ladderId !== null && !ladder.data;
  const steps = useQuery({
    ...trpc.admin.evaluations.nextSteps.queryOptions(base ? { runId: run.id, baseRunId: base.id } : { runId: run.id }),
    enabled: !waiting && !isActive(run.status),
  });

  return (
    <Card data-testid="run-next-steps">
      <CardHeader>
        <CardTitle>What to do next</CardTitle>
        <CardDescription>
          Derived from the figures{base ? ` and compared with the rung before (${base.label ?? base.rung})` : ""}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {isActive(run.status) ? (
          <p className="text-sm text-muted">Shown once the run ends.</p>
        ) : steps.error ? (
          <Alert variant="error">{describeError(steps.error)}</Alert>
        ) : !steps.data ? (
          <LoadingBlock label="Reading the figures…" />
        ) : steps.data.length === 0 ? (
          <p className="text-sm text-muted">Nothing stands out: every case passed or no rule applies.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-border">
            {steps.data.map((step) => (
              <li key={`${step.kind}-${step.title}`} className="flex flex-col gap-1 py-3 text-sm" data-testid="next-step">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge variant={SEVERITY[step.severity].variant}>{SEVERITY[step.severity].label}</Badge>
                  <span className="font-medium text-fg">{step.title}</span>
                </div>
                <p className="text-muted">{step.detail}</p>
                {step.documents?.length ? <p className="text-xs text-muted">Documents: {step.documents.join(", ")}</p> : null}
                {step.setting ? (
                  <p className="text-xs text-muted">
                    Setting: {step.setting.name} (now {step.setting.current ?? "default"}
                    {step.setting.change ? `; ${step.setting.change} it` : ""})
                  </p>
                ) : null}
                {step.caseIds.length > 0 ? (
                  <Link
                    href={`?cases=${step.caseIds.slice(0, MAX_RESULT_CASE_FILTER).join(",")}#results`}
                    scroll={false}
                    className="self-start text-accent underline-offset-4 hover:underline"
                    data-testid="next-step-cases"
                  >
                    Show{" "}
                    {step.caseIds.length === 1
                      ? "its case"
                      : step.caseIds.length > MAX_RESULT_CASE_FILTER
                        ? `the first ${MAX_RESULT_CASE_FILTER} of its ${step.caseIds.length} cases`
                        : `its ${step.caseIds.length} cases`}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
