"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { LocalTime } from "@lore/ui/local-time";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";

import { describeError } from "~/lib/trpc-errors";

/** The answers that cited this document, newest first; each opens in the inspector. */
export function CitingAnswersTab({ id }: { id: string }) {
  const trpc = useTRPC();
  const answers = useInfiniteQuery(
    trpc.documents.citingAnswers.infiniteQueryOptions(
      { id, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchOnWindowFocus: false },
    ),
  );
  if (answers.error) return <p className="text-sm text-danger">{describeError(answers.error)}</p>;
  if (!answers.data) return <p className="text-sm text-muted">Loading answers…</p>;
  const rows = answers.data.pages.flatMap((p) => p.items);
  if (rows.length === 0)
    return (
      <p className="text-sm text-muted" data-testid="citing-empty">
        No answer has cited this document yet.
      </p>
    );
  return (
    <div className="flex flex-col gap-3" data-testid="citing-answers">
      <ul className="flex flex-col gap-3">
        {rows.map((a) => (
          <li key={a.messageId} className="rounded-lg border border-border bg-surface p-4">
            <div className="mb-1 flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
              <span>
                <LocalTime value={a.citedAt} />
                {a.askedBy ? ` · ${a.askedBy.name || a.askedBy.email}` : ""}
                {a.version ? ` · version ${a.version.number}` : ""}
              </span>
              <Link href={`/inspector/${a.messageId}`} className="font-medium text-accent underline-offset-4 hover:underline">
                Open in the inspector
              </Link>
            </div>
            <p className="text-sm font-medium text-fg">{a.question || "(question not found)"}</p>
            <p className="mt-1 line-clamp-3 text-sm text-muted">{a.answer}</p>
          </li>
        ))}
      </ul>
      {answers.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" loading={answers.isFetchingNextPage} onClick={() => void answers.fetchNextPage()}>
            Show more answers
          </Button>
        </div>
      ) : null}
    </div>
  );
}
