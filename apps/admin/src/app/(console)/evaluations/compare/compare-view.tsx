"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { EmptyNote } from "@lore/ui/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useSearchParams } from "next/navigation";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { idList, isActive, METRICS, POLL_MS, runName, STATUS } from "../format";

type Comparison = RouterOutputs["admin"]["evaluations"]["compare"];

// recharts stays out of every other page's bundle, and renders only in the browser (see @lore/ui/chart).
const CompareCharts = dynamic(() => import("./compare-charts").then((m) => m.CompareCharts), {
  ssr: false,
  loading: () => <LoadingBlock label="Drawing the charts…" />,
});

/** The runs to compare: `runs=a,b,c` in that order, or `ladder=<id>` (its rungs in order). */
function useRunIds(): { ids: string[]; loading: boolean; error: unknown } {
  const trpc = useTRPC();
  const params = useSearchParams();
  const ladderId = params.get("ladder");
  const ladder = useQuery({
    ...trpc.admin.evaluations.runs.list.queryOptions({ ladderId: ladderId ?? undefined, limit: 10 }),
    enabled: ladderId !== null,
  });
  if (ladderId === null) return { ids: idList(params.get("runs")), loading: false, error: null };
  return { ids: (ladder.data?.items ?? []).map((r) => r.id).reverse(), loading: !ladder.data && !ladder.error, error: ladder.error };
}

export function CompareView() {
  const trpc = useTRPC();
  const { ids, loading, error } = useRunIds();
  const valid = ids.length >= 2 && ids.length <= 6;
  const comparison = useQuery({
    ...trpc.admin.evaluations.compare.queryOptions({ runIds: ids }),
    enabled: valid,
    refetchInterval: (query) => (query.state.data?.runs.some((r) => isActive(r.status)) ? POLL_MS : false),
  });

  if (error) return <Alert variant="error">{describeError(error)}</Alert>;
  if (loading) return <LoadingBlock label="Loading the ladder…" />;
  if (!valid)
    return (
      <EmptyNote data-testid="compare-empty">
        Pick two to six runs of one set to compare: tick them in a{" "}
        <Link href="/evaluations" className="text-accent underline underline-offset-4">
          list of runs
        </Link>
        , or open a ladder&apos;s &quot;Compare the ladder&quot;.
      </EmptyNote>
    );
  if (comparison.error) return <Alert variant="error">{describeError(comparison.error)}</Alert>;
  if (!comparison.data) return <LoadingBlock label="Comparing the runs…" />;
  const c = comparison.data;
  const running = c.runs.some((r) => isActive(r.status));
  return (
    <div className="flex flex-col gap-8" data-testid="compare-view">
      {running ? (
        <Alert variant="info" data-testid="compare-running">
          Some runs are still going: their figures fill in every ten cases and are final when they end.
        </Alert>
      ) : null}
      <MetricsTable c={c} />
      <Card>
        <CardContent>
          <CompareCharts runs={c.runs.map((r) => ({ label: runName(r), metrics: r.metrics }))} />
        </CardContent>
      </Card>
      <Changes c={c} />
      <CaseOutcomes c={c} />
    </div>
  );
}

function RunHeader({ run, index }: { run: Comparison["runs"][number]; index: number }) {
  return (
    <TableHeaderCell className="min-w-36 text-right normal-case">
      <Link href={`/evaluations/runs/${run.id}`} className="text-accent underline-offset-4 hover:underline">
        {index + 1}. {runName(run)}
      </Link>
      <span className="mt-1 block">
        <Badge variant={STATUS[run.status].variant}>{STATUS[run.status].label}</Badge>
      </span>
    </TableHeaderCell>
  );
}

/** The runs side by side: a row per metric, the best value of each row in bold. */
function MetricsTable({ c }: { c: Comparison }) {
  return (
    <section aria-labelledby="compare-metrics-heading" className="flex flex-col gap-3">
      <h2 id="compare-metrics-heading" className="text-lg font-semibold text-fg">
        Side by side
      </h2>
      <Table className="min-w-[40rem]" data-testid="compare-table" aria-label="Metrics of the compared runs">
        <TableCaption>Metrics of the compared runs, a column per run</TableCaption>
        <TableHead>
          <TableRow>
            <TableHeaderCell>Metric</TableHeaderCell>
            {c.runs.map((run, i) => (
              <RunHeader key={run.id} run={run} index={i} />
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <th scope="row" className="px-4 py-2 text-left font-normal text-muted">
              Cases answered
            </th>
            {c.runs.map((run) => (
              <TableCell key={run.id} className="text-right tabular-nums">
                {run.progress.done} / {run.progress.total}
              </TableCell>
            ))}
          </TableRow>
          {METRICS.map((metric) => {
            const values = c.runs.map((r) => (r.metrics ? metric.value(r.metrics) : null));
            const present = values.filter((v): v is number => v !== null);
            const best = present.length > 1 ? (metric.lowerIsBetter ? Math.min(...present) : Math.max(...present)) : null;
            return (
              <TableRow key={metric.key}>
                <th scope="row" className="px-4 py-2 text-left font-normal text-muted">
                  {metric.label}
                </th>
                {values.map((v, i) => (
                  <TableCell key={c.runs[i]!.id} className={`text-right tabular-nums ${v !== null && v === best ? "font-semibold" : ""}`}>
                    {metric.format(v)}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}

/** What changed between consecutive runs: settings, knowledge, and how many cases regressed or improved. */
function Changes({ c }: { c: Comparison }) {
  const name = (id: string) => {
    const i = c.runs.findIndex((r) => r.id === id);
    return `${i + 1}. ${runName(c.runs[i]!)}`;
  };
  return (
    <Card data-testid="compare-changes">
      <CardHeader>
        <CardTitle>What changed from one run to the next</CardTitle>
        <CardDescription>
          Settings that differ, whether the knowledge base or the examples changed, and the cases that moved.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="flex flex-col divide-y divide-border">
          {c.pairs.map((pair) => (
            <li key={`${pair.from}-${pair.to}`} className="flex flex-col gap-1.5 py-3 text-sm" data-testid="compare-pair">
              <p className="font-medium text-fg">
                {name(pair.from)} → {name(pair.to)}
              </p>
              <div className="flex flex-wrap gap-2">
                {pair.regressions.length ? <Badge variant="danger">{pair.regressions.length} regressed</Badge> : null}
                {pair.improvements.length ? <Badge variant="success">{pair.improvements.length} improved</Badge> : null}
                {!pair.regressions.length && !pair.improvements.length ? <Badge>No case changed</Badge> : null}
                {pair.knowledge?.documents ? <Badge variant="warning">Documents changed</Badge> : null}
                {pair.knowledge?.examples ? <Badge variant="warning">Examples changed</Badge> : null}
              </div>
              {pair.changes.length ? (
                <ul className="list-disc pl-5 font-mono text-xs text-muted">
                  {pair.changes.map((change) => (
                    <li key={change}>{change}</li>
                  ))}
                </ul>
              ) : (
                <p className="text-xs text-muted">Same configuration.</p>
              )}
              {pair.knowledge?.changedDocuments?.length ? (
                <p className="text-xs text-muted">Documents that changed: {pair.knowledge.changedDocuments.join(", ")}</p>
              ) : null}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

/** A case's outcome in a run, against the run before: a regression (passed, now fails) or an improvement. */
function Outcome({ pass, before }: { pass: boolean | null; before: boolean | null | undefined }) {
  if (pass === null) return <span className="text-muted">not answered</span>;
  if (before === true && !pass)
    return (
      <Badge variant="danger" data-testid="compare-regression">
        Regression
      </Badge>
    );
  if (before === false && pass)
    return (
      <Badge variant="success" data-testid="compare-improvement">
        Improvement
      </Badge>
    );
  return <span className={pass ? "text-fg" : "text-muted"}>{pass ? "Pass" : "Fail"}</span>;
}

function CaseOutcomes({ c }: { c: Comparison }) {
  return (
    <section aria-labelledby="compare-cases-heading" className="flex flex-col gap-3">
      <h2 id="compare-cases-heading" className="text-lg font-semibold text-fg">
        Cases that moved
      </h2>
      <p className="text-sm text-muted">
        The cases whose outcome differs between the runs. Each run is compared with the one before it: a red Regression passed there and
        fails here, a green Improvement the reverse.
      </p>
      {c.cases.length === 0 ? (
        <EmptyNote data-testid="compare-cases-empty">Every case has the same outcome in every run.</EmptyNote>
      ) : (
        <Table className="min-w-[40rem]" data-testid="compare-cases" aria-label="Cases whose outcome differs">
          <TableCaption>Cases whose outcome differs between the runs</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Case</TableHeaderCell>
              {c.runs.map((run, i) => (
                <TableHeaderCell key={run.id} className="text-right normal-case">
                  {i + 1}. {runName(run)}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {c.cases.map((row) => (
              <TableRow key={row.caseId} data-testid="compare-case">
                <th scope="row" className="max-w-sm px-4 py-3 text-left font-normal text-fg">
                  {row.question}
                  {row.externalId ? <span className="block text-xs text-muted">{row.externalId}</span> : null}
                </th>
                {row.pass.map((pass, i) => (
                  <TableCell key={c.runs[i]!.id} className="text-right">
                    <Outcome pass={pass} before={i === 0 ? undefined : row.pass[i - 1]} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {c.truncated ? <p className="text-sm text-muted">More cases differ than are listed here (the first 500 are).</p> : null}
    </section>
  );
}
