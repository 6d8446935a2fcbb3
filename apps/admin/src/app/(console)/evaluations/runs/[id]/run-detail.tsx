"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { ConfirmDialog } from "@lore/ui/confirm-dialog";
import { LocalTime } from "@lore/ui/local-time";
import { PageHeader } from "@lore/ui/page-header";
import { ProgressBar } from "@lore/ui/progress-bar";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { isActive, METRICS, percent, POLL_MS, runName, STATUS } from "../../format";
import { compareHref } from "../../runs-table";
import { NextSteps } from "./next-steps";
import { ResultsTable } from "./results-table";

type RunDetailData = RouterOutputs["admin"]["evaluations"]["runs"]["get"];

/** One run: progress and cancel while it runs, its metrics, what it answered with, what to do next, each case. */
export function RunDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useQuery(trpc.admin.evaluations.runs.get.queryOptions({ id }));
  const active = run.data ? isActive(run.data.status) : false;
  const progress = useQuery({
    ...trpc.admin.evaluations.runs.progress.queryOptions({ id }),
    enabled: active,
    refetchInterval: active ? POLL_MS : false,
  });

  // The progress poll is cheap; the whole run (metrics, results) is read again when a case or the status changes.
  const done = progress.data?.done;
  const status = progress.data?.status;
  useEffect(() => {
    if (done === undefined) return;
    void queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.runs.get.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.runs.results.pathKey() });
  }, [done, status, id, queryClient, trpc]);

  if (run.error) return <Alert variant="error">{describeError(run.error)}</Alert>;
  if (!run.data) return <LoadingBlock label="Loading the run…" />;
  const r = run.data;
  const shown = active && progress.data ? { ...r.progress, done: progress.data.done, total: progress.data.total } : r.progress;

  return (
    <>
      <PageHeader
        title={runName(r)}
        description={
          <>
            Set{" "}
            <Link href={`/evaluations/sets/${r.setId}`} className="text-accent underline underline-offset-4">
              {r.setName}
            </Link>
            , started <LocalTime value={r.createdAt} />
            {r.createdBy ? ` by ${r.createdBy.name}` : ""}.
          </>
        }
        actions={
          r.ladderId ? (
            <Link
              href={compareHref({ ladderId: r.ladderId })}
              className="rounded-lg border border-border px-3 py-1.5 text-sm font-medium text-fg hover:bg-surface-muted"
              data-testid="run-compare-ladder"
            >
              Compare the ladder
            </Link>
          ) : null
        }
      />
      <div className="flex flex-col gap-8">
        <StatusPanel run={r} progress={shown} />
        <MetricCards run={r} />
        <div className="grid gap-6 lg:grid-cols-2">
          <ResolvedConfig run={r} />
          <NextSteps run={r} />
        </div>
        <ResultsTable runId={id} />
      </div>
    </>
  );
}

function StatusPanel({ run, progress }: { run: RunDetailData; progress: { done: number; total: number } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(
    trpc.admin.evaluations.runs.cancel.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
      },
    }),
  );
  const active = isActive(run.status);
  return (
    <Card data-testid="run-status-panel">
      <CardContent className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <Badge variant={STATUS[run.status].variant} data-testid="run-status">
              {STATUS[run.status].label}
            </Badge>
            <span className="text-muted tabular-nums" data-testid="run-progress-text">
              {progress.done} of {progress.total} cases answered
              {run.metrics?.partial && !active ? " — partial: the figures are over the cases answered" : ""}
            </span>
            {run.finishedAt ? (
              <span className="text-muted">
                ended <LocalTime value={run.finishedAt} />
              </span>
            ) : null}
          </div>
          {active ? (
            <Button variant="danger" size="sm" onClick={() => setConfirming(true)} data-testid="run-cancel">
              Cancel the run
            </Button>
          ) : null}
        </div>
        {active ? (
          <ProgressBar
            value={run.status === "queued" && progress.done === 0 ? null : progress.done}
            max={Math.max(progress.total, 1)}
            label="Cases answered"
            valueText={`${progress.done} of ${progress.total} cases`}
            data-testid="run-progress"
          />
        ) : null}
        {run.error ? <Alert variant="error">{run.error}</Alert> : null}
      </CardContent>
      <ConfirmDialog
        open={confirming}
        title="Cancel this run?"
        message={
          <>
            It stops after the case it is answering. The cases answered so far are kept and the figures are computed over them (a partial
            run).
            {cancel.error ? <span className="mt-2 block text-danger">{describeError(cancel.error)}</span> : null}
          </>
        }
        confirmLabel="Cancel the run"
        cancelLabel="Keep running"
        variant="danger"
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate({ id: run.id })}
        onCancel={() => setConfirming(false)}
        confirmTestId="run-cancel-confirm"
      />
    </Card>
  );
}

function MetricCards({ run }: { run: RunDetailData }) {
  const m = run.metrics;
  if (!m) return <p className="text-sm text-muted">No figures yet: they are computed every ten cases and when the run ends.</p>;
  return (
    <section aria-labelledby="run-metrics-heading" className="flex flex-col gap-3">
      <h2 id="run-metrics-heading" className="text-lg font-semibold text-fg">
        Figures{" "}
        <span className="text-sm font-normal text-muted">
          over {m.cases} of {m.cases_total} cases ({m.passed} passed)
        </span>
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-5" data-testid="run-metrics">
        {METRICS.map((metric) => (
          <li key={metric.key} className="rounded-xl border border-border bg-surface p-4 shadow-sm" data-testid={`metric-${metric.key}`}>
            <p className="text-sm text-muted">{metric.label}</p>
            <p className="text-xl font-semibold tracking-tight text-fg tabular-nums">{metric.format(metric.value(m))}</p>
            <p className="text-xs text-muted">{metric.hint}</p>
          </li>
        ))}
        {m.judged > 0 ? (
          <li className="rounded-xl border border-border bg-surface p-4 shadow-sm">
            <p className="text-sm text-muted">Judge</p>
            <p className="text-xl font-semibold tracking-tight text-fg tabular-nums">
              {percent(m.judge_correctness)} / {percent(m.judge_faithfulness)}
            </p>
            <p className="text-xs text-muted">correct / faithful, over {m.judged} graded</p>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

const describe = (value: unknown): string =>
  value === undefined || value === null
    ? "—"
    : typeof value === "object"
      ? Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
          .join(", ")
      : String(value);

function ResolvedConfig({ run }: { run: RunDetailData }) {
  const resolved = run.resolved;
  const rows: Array<[string, string]> = resolved
    ? [
        ["Prompt version", resolved.promptVersion === null ? "—" : `Version ${resolved.promptVersion}`],
        ["Answerer", resolved.answerer === "extractive" ? "The extractive default" : "The configured model"],
        ["Model", resolved.model],
        ["Retrieval", describe(resolved.retrieval)],
        ["Examples", describe(resolved.examples)],
        ["Embedder", resolved.embedder],
        ["Asked as", `${resolved.asker.email}${resolved.asker.groupIds.length ? ` (${resolved.asker.groupIds.length} groups)` : ""}`],
        [
          "Knowledge",
          `${resolved.knowledge.documents} documents (${resolved.knowledge.documentsHash.slice(0, 8)}), ${resolved.knowledge.examples} examples (${resolved.knowledge.examplesHash.slice(0, 8)})`,
        ],
        ...(resolved.knowledgeAtEnd &&
        (resolved.knowledgeAtEnd.documentsHash !== resolved.knowledge.documentsHash ||
          resolved.knowledgeAtEnd.examplesHash !== resolved.knowledge.examplesHash)
          ? ([["Knowledge at the end", "changed during the run"]] as Array<[string, string]>)
          : []),
        ...(resolved.judge ? ([["Judge", resolved.judge.version]] as Array<[string, string]>) : []),
      ]
    : [
        ["Requested", describe({ ...run.config.retrieval, examples: run.config.examples.enabled, answerer: run.config.answerer })],
        ["Resolved", "when the run starts"],
      ];
  return (
    <Card data-testid="run-config">
      <CardHeader>
        <CardTitle>What it answered with</CardTitle>
        <CardDescription>Recorded when the run started, so the run can be reproduced and compared.</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
          {rows.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-muted">{term}</dt>
              <dd className="min-w-0 break-words text-fg">{value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
