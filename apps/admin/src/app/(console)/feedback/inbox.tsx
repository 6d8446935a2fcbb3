"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { nextPageCursor } from "@lore/ui/cursor-pages";
import { Label } from "@lore/ui/label";
import { LocalTime } from "@lore/ui/local-time";
import { Markdown } from "@lore/ui/markdown";
import { PagedList } from "@lore/ui/paged-list";
import { Select } from "@lore/ui/select";
import { EmptyNote } from "@lore/ui/empty-state";
import { useMutation, useQuery, useQueryClient, useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useState } from "react";

import { describeError } from "~/lib/trpc-errors";

import { AddFeedbackToSet } from "../evaluations/add-feedback-to-set";
import { inboxInput, STATUSES, type Status } from "./list-params";

/** The inbox, one status at a time (from the URL), thumbs-down first then the newest. */
export function FeedbackInbox() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const statusId = useId();
  const input = inboxInput(params.get("status") ?? "");
  const feedback = useSuspenseInfiniteQuery(trpc.admin.feedback.list.infiniteQueryOptions(input, { getNextPageParam: nextPageCursor }));

  return (
    <PagedList
      query={feedback}
      header={
        <div className="flex max-w-xs flex-col gap-1.5">
          <Label htmlFor={statusId}>Show</Label>
          <Select
            id={statusId}
            value={input.status}
            onChange={(e) =>
              router.replace(e.target.value === "new" ? pathname : `${pathname}?status=${e.target.value}`, { scroll: false })
            }
            data-testid="feedback-status"
          >
            {Object.entries(STATUSES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
      }
      empty={
        <EmptyNote data-testid="feedback-empty">
          {input.status === "new" ? "Nothing to handle: no rated answer is waiting." : "Nothing here yet."}
        </EmptyNote>
      }
      loadMoreLabel="Show more"
      loadMoreTestId="feedback-load-more"
      summary={(rows) => `${rows.length} shown`}
    >
      {(rows) => (
        <ul className="flex flex-col gap-4" aria-label="Rated answers" data-testid="feedback-list">
          {rows.map((item) => (
            <FeedbackItem key={item.id} item={item} />
          ))}
        </ul>
      )}
    </PagedList>
  );
}

type Item = {
  id: string;
  rating: 1 | -1;
  comment: string | null;
  status: Status;
  createdAt: Date;
  messageId: string;
  question: string;
  answerExcerpt: string;
  ratedBy: { name: string; email: string };
  exampleId: string | null;
};

function FeedbackItem({ item }: { item: Item }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  // Opening an item reads the employee's conversation: audited, so read once, never on focus.
  const detail = useQuery({
    ...trpc.admin.feedback.get.queryOptions({ id: item.id }),
    enabled: open,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const dismiss = useMutation(
    trpc.admin.feedback.dismiss.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.feedback.list.pathKey() }),
    }),
  );
  const down = item.rating === -1;

  return (
    <li className="rounded-xl border border-border bg-surface p-4" data-testid="feedback-item">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={down ? "danger" : "success"} data-testid="feedback-rating">
          {down ? "Thumbs down" : "Thumbs up"}
        </Badge>
        <span className="text-muted">
          {item.ratedBy.name} ({item.ratedBy.email}), <LocalTime value={item.createdAt} />
        </span>
      </div>
      <h2 className="mt-2 font-medium" data-testid="feedback-question">
        {item.question || "(question not found)"}
      </h2>
      {open && detail.data ? (
        <div className="mt-2 flex flex-col gap-2" data-testid="feedback-detail">
          <Markdown>{detail.data.answer}</Markdown>
          {detail.data.citations.length > 0 ? (
            <div className="text-sm">
              <p className="font-medium">Sources</p>
              <ol className="list-decimal pl-5">
                {detail.data.citations.map((c) => (
                  <li key={`${c.n}-${c.chunkId}`}>
                    <Link href={`/documents/${c.documentId}`} className="text-accent underline-offset-4 hover:underline">
                      {c.title}
                    </Link>
                    {c.headingPath.length > 0 ? <span className="text-muted"> — {c.headingPath.join(" › ")}</span> : null}
                  </li>
                ))}
              </ol>
            </div>
          ) : (
            <p className="text-sm text-muted">No sources were cited.</p>
          )}
        </div>
      ) : (
        <div className="mt-2 text-sm text-muted">
          <Markdown>{item.answerExcerpt}</Markdown>
        </div>
      )}
      {detail.error ? <Alert variant="error">{describeError(detail.error)}</Alert> : null}
      {item.comment ? (
        <p className="mt-2 text-sm" data-testid="feedback-comment">
          <span className="font-medium">Comment: </span>
          {item.comment}
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button variant="ghost" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open} loading={open && detail.isLoading}>
          {open ? "Show less" : "Whole answer and sources"}
        </Button>
        {item.status === "new" ? (
          <>
            <Link
              href={`/examples/new?fromFeedback=${encodeURIComponent(item.id)}`}
              className="rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:bg-accent-hover"
              data-testid="feedback-to-example"
            >
              Turn into an example
            </Link>
            <Button
              variant="secondary"
              size="sm"
              loading={dismiss.isPending}
              onClick={() => dismiss.mutate({ id: item.id })}
              data-testid="feedback-dismiss"
            >
              Dismiss
            </Button>
          </>
        ) : null}
        {down ? <AddFeedbackToSet feedbackId={item.id} /> : null}
        {item.exampleId ? (
          <Link href={`/examples/${item.exampleId}`} className="text-sm text-accent underline-offset-4 hover:underline">
            Open the example
          </Link>
        ) : null}
        <Link
          href={`/inspector/${item.messageId}`}
          className="text-sm text-accent underline-offset-4 hover:underline"
          data-testid="feedback-trace"
        >
          Open trace
        </Link>
      </div>
      {dismiss.error ? <Alert variant="error">{describeError(dismiss.error)}</Alert> : null}
    </li>
  );
}
