"use client";

import { MAX_RESULT_CASE_FILTER } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { nextPageCursor } from "@lore/ui/cursor-pages";
import { EmptyNote } from "@lore/ui/empty-state";
import { Label } from "@lore/ui/label";
import { PagedList } from "@lore/ui/paged-list";
import { Select } from "@lore/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { idList, ms } from "../../format";

/**
 * Each case's result: question, expected, answer, citations, pass or fail and a link to its trace. Filtered from
 * the URL: `failed=1` keeps the failures, `cases=a,b` the cases a "what to do next" item names.
 */
export function ResultsTable({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const showId = useId();
  const failedOnly = params.get("failed") === "1";
  const caseIds = idList(params.get("cases")).slice(0, MAX_RESULT_CASE_FILTER);
  const results = useInfiniteQuery({
    ...trpc.admin.evaluations.runs.results.infiniteQueryOptions(
      { runId, failedOnly, limit: 100, ...(caseIds.length ? { caseIds } : {}) },
      { getNextPageParam: nextPageCursor },
    ),
    placeholderData: keepPreviousData,
  });
  const total = results.data?.pages[0]?.total ?? 0;

  return (
    <section id="results" aria-labelledby="run-results-heading" className="flex scroll-mt-6 flex-col gap-4">
      <h2 id="run-results-heading" className="text-lg font-semibold text-fg">
        Cases
      </h2>
      {results.error ? <Alert variant="error">{describeError(results.error)}</Alert> : null}
      {!results.data ? (
        results.error ? null : (
          <LoadingBlock label="Loading the results…" />
        )
      ) : (
        <PagedList
          query={{ ...results, data: results.data }}
          header={
            <div className="flex flex-wrap items-end gap-4">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor={showId}>Show</Label>
                <Select
                  id={showId}
                  value={failedOnly ? "failed" : "all"}
                  onChange={(e) =>
                    router.replace(e.target.value === "failed" ? `${pathname}?failed=1#results` : `${pathname}#results`, { scroll: false })
                  }
                  data-testid="results-show"
                >
                  <option value="all">Every case</option>
                  <option value="failed">Failures only</option>
                </Select>
              </div>
              {caseIds.length > 0 ? (
                <p className="text-sm text-muted" data-testid="results-case-filter">
                  Showing the {caseIds.length} {caseIds.length === 1 ? "case" : "cases"} of a “what to do next” item.{" "}
                  <Link href={pathname} scroll={false} className="text-accent underline underline-offset-4">
                    Show every case
                  </Link>
                </p>
              ) : null}
            </div>
          }
          empty={
            <EmptyNote data-testid="results-empty">
              {failedOnly ? "No failures: every case answered so far passed." : "No case answered yet."}
            </EmptyNote>
          }
          loadMoreLabel="Show more"
          loadMoreTestId="results-load-more"
          summary={(rows) => `${rows.length} of ${total} shown`}
        >
          {(rows) => (
            <Table className="min-w-[64rem]" data-testid="results-table" aria-label="Results per case">
              <TableCaption>Results per case{failedOnly ? ", failures only" : ""}</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Question</TableHeaderCell>
                  <TableHeaderCell>Expected</TableHeaderCell>
                  <TableHeaderCell>Answer</TableHeaderCell>
                  <TableHeaderCell>Cited</TableHeaderCell>
                  <TableHeaderCell>Result</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Trace</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.id} data-testid="result-row" className="align-top">
                    <TableCell className="max-w-xs">
                      <p className="font-medium">{r.question}</p>
                      {r.externalId ? <p className="text-xs text-muted">{r.externalId}</p> : null}
                    </TableCell>
                    <TableCell className="max-w-xs text-muted">
                      {r.answerable ? r.expected.join(" · ") || "—" : <Badge variant="warning">Unanswerable: refuse</Badge>}
                      {r.metrics.case.sourceIds.length ? <p className="text-xs">Sources: {r.metrics.case.sourceIds.join(", ")}</p> : null}
                    </TableCell>
                    <TableCell className="max-w-sm">
                      {r.error ? (
                        <span className="text-danger">{r.error}</span>
                      ) : r.metrics.refused ? (
                        <Badge>Refused</Badge>
                      ) : (
                        <span className="line-clamp-4 text-sm">{r.answer || "—"}</span>
                      )}
                    </TableCell>
                    <TableCell className="text-muted">{r.cited.join(", ") || "—"}</TableCell>
                    <TableCell>
                      <Badge variant={r.pass ? "success" : "danger"} data-testid="result-pass">
                        {r.pass ? "Pass" : "Fail"}
                      </Badge>
                      <p className="mt-1 text-xs whitespace-nowrap text-muted">{ms(r.latencyMs)}</p>
                    </TableCell>
                    <TableCell>
                      <Link
                        href={`/evaluations/results/${r.id}`}
                        className="text-sm whitespace-nowrap text-accent underline-offset-4 hover:underline"
                        data-testid="result-trace"
                      >
                        Trace
                      </Link>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </PagedList>
      )}
    </section>
  );
}
