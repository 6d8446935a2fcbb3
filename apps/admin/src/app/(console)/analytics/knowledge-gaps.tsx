"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { buttonClassName } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { LocalTime } from "@lore/ui/local-time";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { toQuery, type PageRange } from "./range";

/**
 * The unanswered questions grouped by meaning, each with the two ways to fill the gap. Loaded after the page
 * (the server embeds the questions first) and kept while the admin stays on the range.
 */
export function KnowledgeGaps({ range }: { range: PageRange }) {
  const trpc = useTRPC();
  const gaps = useQuery({ ...trpc.admin.analytics.gaps.queryOptions({ ...toQuery(range), limit: 10 }), staleTime: 5 * 60_000 });
  return (
    <Card data-testid="knowledge-gaps">
      <CardHeader>
        <CardTitle>Knowledge gaps</CardTitle>
        <CardDescription>
          Questions the assistant found nothing for, grouped by meaning, most asked first. Write a page or add an example to fill them.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {gaps.isPending ? (
          <LoadingBlock label="Grouping the unanswered questions…" />
        ) : gaps.isError ? (
          <Alert variant="error">{describeError(gaps.error)}</Alert>
        ) : gaps.data.gaps.length === 0 ? (
          <p className="py-4 text-sm text-muted">No question went unanswered in these days.</p>
        ) : (
          <>
            <Table>
              <TableCaption>Knowledge gaps, most asked first</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Question</TableHeaderCell>
                  <TableHeaderCell className="text-right">Asked</TableHeaderCell>
                  <TableHeaderCell>Last asked</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {gaps.data.gaps.map((gap) => (
                  <TableRow key={gap.latestAnswerId} data-testid="gap-row">
                    <TableCell className="max-w-[28rem]">
                      <p className="font-medium break-words">{gap.question}</p>
                      {gap.samples.length ? (
                        <p className="mt-0.5 text-xs break-words text-muted">Also: {gap.samples.map((s) => `“${s}”`).join(", ")}</p>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{gap.count}</TableCell>
                    <TableCell className="whitespace-nowrap text-muted">
                      <Link href={`/inspector/${gap.latestAnswerId}`} className="hover:underline">
                        <LocalTime value={gap.lastAskedAt} />
                      </Link>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap justify-end gap-2">
                        <Link
                          href={`/examples/new?question=${encodeURIComponent(gap.question)}`}
                          className={buttonClassName({ variant: "secondary", size: "sm" })}
                          data-testid="gap-add-example"
                        >
                          Add an example<span className="sr-only"> for “{gap.question}”</span>
                        </Link>
                        <Link href="/documents/upload" className={buttonClassName({ variant: "ghost", size: "sm" })}>
                          Write a page<span className="sr-only"> about “{gap.question}”</span>
                        </Link>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {gaps.data.truncated ? (
              <p className="mt-2 text-xs text-muted">
                Grouped from the {gaps.data.questions} most recent unanswered questions of these days.
              </p>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
