"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { ConfirmDialog } from "@lore/ui/confirm-dialog";
import { nextPageCursor } from "@lore/ui/cursor-pages";
import { EmptyNote } from "@lore/ui/empty-state";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import { PagedList } from "@lore/ui/paged-list";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { useDebouncedValue } from "~/hooks/use-debounced-value";
import { describeError } from "~/lib/trpc-errors";

import { CaseDialog, type EvalCase } from "./case-dialog";

/** A set's cases: search, paged, add, edit and delete. */
export function CasesTable({ setId }: { setId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const searchId = useId();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim(), 300);
  const [editing, setEditing] = useState<EvalCase | "new" | null>(null);
  const [deleting, setDeleting] = useState<EvalCase | null>(null);
  const cases = useInfiniteQuery({
    ...trpc.admin.evaluations.cases.list.infiniteQueryOptions(
      { setId, limit: 50, ...(query ? { query } : {}) },
      { getNextPageParam: nextPageCursor },
    ),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation(
    trpc.admin.evaluations.cases.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
      },
    }),
  );

  const total = cases.data?.pages[0]?.total ?? 0;
  return (
    <section aria-labelledby="eval-cases-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="eval-cases-heading" className="text-lg font-semibold text-fg">
          Cases
        </h2>
        <Button variant="secondary" onClick={() => setEditing("new")} data-testid="eval-case-new">
          Add a case
        </Button>
      </div>
      {cases.error ? <Alert variant="error">{describeError(cases.error)}</Alert> : null}
      {!cases.data ? (
        cases.error ? null : (
          <LoadingBlock label="Loading the cases…" />
        )
      ) : (
        <PagedList
          query={{ ...cases, data: cases.data }}
          header={
            <form
              role="search"
              aria-label="Search the cases"
              className="flex max-w-md flex-col gap-1.5"
              onSubmit={(e) => e.preventDefault()}
            >
              <Label htmlFor={searchId}>Search</Label>
              <Input
                id={searchId}
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                placeholder="Words in the question"
                autoComplete="off"
                data-testid="eval-cases-search"
              />
            </form>
          }
          empty={
            <EmptyNote data-testid="eval-cases-empty">
              {query ? "No case matches this search." : "No cases yet: import a JSONL file or add one."}
            </EmptyNote>
          }
          loadMoreLabel="Show more"
          loadMoreTestId="eval-cases-load-more"
          summary={(rows) => `${rows.length} of ${total} shown`}
        >
          {(rows) => (
            <Table className="min-w-[48rem]" data-testid="eval-cases-table" aria-label="Cases">
              <TableCaption>Cases of this set{query ? " matching the search" : ""}</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Question</TableHeaderCell>
                  <TableHeaderCell>Expected</TableHeaderCell>
                  <TableHeaderCell>Sources</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((c) => (
                  <TableRow key={c.id} data-testid="eval-case-row">
                    <TableCell className="max-w-md">
                      <p className="font-medium">{c.question}</p>
                      <div className="mt-1 flex flex-wrap gap-1 text-xs text-muted">
                        {c.externalId ? <span>{c.externalId}</span> : null}
                        {c.answerable ? null : <Badge variant="warning">Unanswerable</Badge>}
                        {c.origin ? <Badge>From feedback</Badge> : null}
                      </div>
                    </TableCell>
                    <TableCell className="max-w-xs text-muted">
                      <span className="line-clamp-3">{c.answers.join(" · ") || "—"}</span>
                    </TableCell>
                    <TableCell className="text-muted">{c.sourceIds.join(", ") || "—"}</TableCell>
                    <TableCell>
                      <div className="flex justify-end gap-2">
                        <Button size="sm" variant="secondary" onClick={() => setEditing(c)} aria-label={`Edit: ${c.question}`}>
                          Edit
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => setDeleting(c)} aria-label={`Delete: ${c.question}`}>
                          Delete
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </PagedList>
      )}
      <CaseDialog setId={setId} initial={editing === "new" ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this case?"
        message={
          <>
            “{deleting?.question}” and its results in past runs are deleted (the runs&apos; figures stay as they were).
            {remove.error ? <span className="mt-2 block text-danger">{describeError(remove.error)}</span> : null}
          </>
        }
        confirmLabel="Delete the case"
        variant="danger"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
        confirmTestId="eval-case-delete-confirm"
      />
    </section>
  );
}
