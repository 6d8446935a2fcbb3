"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { nextPageCursor } from "@lore/ui/cursor-pages";
import { EmptyNote } from "@lore/ui/empty-state";
import { LocalTime } from "@lore/ui/local-time";
import { PagedList } from "@lore/ui/paged-list";
import { ProgressBar } from "@lore/ui/progress-bar";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { isActive, percent, POLL_MS, runName, STATUS, type EvalRun } from "./format";

const linkClass = "text-accent underline-offset-4 hover:underline";

/** The link to compare runs (in the order given) or a whole ladder. */
export const compareHref = (target: { runs: string[] } | { ladderId: string }) =>
  "ladderId" in target ? `/evaluations/compare?ladder=${target.ladderId}` : `/evaluations/compare?runs=${target.runs.join(",")}`;

/** A run's status, and its progress bar while it runs. */
export function RunStatusCell({ run }: { run: Pick<EvalRun, "status" | "progress" | "error"> }) {
  const { done, total } = run.progress;
  return (
    <div className="flex min-w-32 flex-col gap-1.5">
      <Badge variant={STATUS[run.status].variant} className="self-start" data-testid="run-status">
        {STATUS[run.status].label}
      </Badge>
      {isActive(run.status) || (run.status === "canceled" && done < total) ? (
        <>
          <ProgressBar value={done} max={Math.max(total, 1)} label="Cases answered" valueText={`${done} of ${total} cases`} />
          <span className="text-xs text-muted tabular-nums">
            {done} / {total} cases
          </span>
        </>
      ) : null}
    </div>
  );
}

/**
 * Runs, newest first (of one set, or all), polled while any is queued or running. Ticking runs offers to compare
 * them (oldest first, so a comparison reads as a sequence), and a ladder's rows to compare the whole ladder.
 */
export function RunsTable({ setId, showSet = false }: { setId?: string; showSet?: boolean }) {
  const trpc = useTRPC();
  const [picked, setPicked] = useState<string[]>([]);
  const runs = useInfiniteQuery(
    trpc.admin.evaluations.runs.list.infiniteQueryOptions(setId ? { setId, limit: 25 } : { limit: 25 }, {
      getNextPageParam: nextPageCursor,
      refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => isActive(r.status))) ? POLL_MS : false),
    }),
  );
  if (runs.error) return <Alert variant="error">{describeError(runs.error)}</Alert>;
  if (!runs.data) return <LoadingBlock label="Loading the runs…" />;

  const toggle = (id: string, on: boolean) => setPicked((current) => (on ? [...current, id] : current.filter((x) => x !== id)));

  return (
    <PagedList
      query={{ ...runs, data: runs.data }}
      header={
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span className="text-muted">Tick two to six runs of one set to compare them.</span>
          {picked.length >= 2 && picked.length <= 6 ? (
            <Link
              href={compareHref({
                runs: orderOldestFirst(
                  picked,
                  runs.data.pages.flatMap((p) => p.items),
                ),
              })}
              className="rounded-lg bg-accent px-3 py-1.5 font-medium text-accent-fg hover:bg-accent-hover"
              data-testid="runs-compare-selected"
            >
              Compare {picked.length} runs
            </Link>
          ) : picked.length > 6 ? (
            <span className="text-danger">Compare at most six runs.</span>
          ) : null}
        </div>
      }
      empty={<EmptyNote data-testid="runs-empty">No runs yet. Open a set and run it, or run the ladder.</EmptyNote>}
      loadMoreLabel="Show more"
      loadMoreTestId="runs-load-more"
      summary={(rows) => `${rows.length} shown`}
    >
      {(rows) => (
        <Table className="min-w-[48rem]" data-testid="runs-table" aria-label="Evaluation runs">
          <TableCaption>Evaluation runs, newest first</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>
                <span className="sr-only">Compare</span>
              </TableHeaderCell>
              <TableHeaderCell>Run</TableHeaderCell>
              {showSet ? <TableHeaderCell>Set</TableHeaderCell> : null}
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell className="text-right">Pass rate</TableHeaderCell>
              <TableHeaderCell>Started</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((run) => (
              <TableRow key={run.id} data-testid="run-row">
                <TableCell className="w-10">
                  <input
                    type="checkbox"
                    className="size-4 accent-accent"
                    aria-label={`Compare ${runName(run)}`}
                    checked={picked.includes(run.id)}
                    onChange={(e) => toggle(run.id, e.target.checked)}
                    data-testid="run-pick"
                  />
                </TableCell>
                <TableCell>
                  <Link href={`/evaluations/runs/${run.id}`} className={`font-medium ${linkClass}`} data-testid="run-link">
                    {runName(run)}
                  </Link>
                  {run.ladderId ? (
                    <div className="text-xs">
                      <Link href={compareHref({ ladderId: run.ladderId })} className={linkClass} data-testid="run-compare-ladder">
                        Compare the ladder
                      </Link>
                    </div>
                  ) : null}
                </TableCell>
                {showSet ? (
                  <TableCell>
                    <Link href={`/evaluations/sets/${run.setId}`} className={linkClass}>
                      {run.setName}
                    </Link>
                  </TableCell>
                ) : null}
                <TableCell>
                  <RunStatusCell run={run} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{percent(run.metrics?.pass_rate)}</TableCell>
                <TableCell className="whitespace-nowrap text-muted">
                  <LocalTime value={run.createdAt} />
                  {run.createdBy ? <div className="text-xs">{run.createdBy.name}</div> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </PagedList>
  );
}

/** The picked runs, oldest first. */
function orderOldestFirst(ids: string[], runs: EvalRun[]): string[] {
  const created = new Map(runs.map((r) => [r.id, new Date(r.createdAt).getTime()]));
  return [...ids].sort((a, b) => (created.get(a) ?? 0) - (created.get(b) ?? 0));
}
