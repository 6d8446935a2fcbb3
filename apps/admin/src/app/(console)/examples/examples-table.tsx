"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { nextPageCursor } from "@lore/ui/cursor-pages";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import { LocalTime } from "@lore/ui/local-time";
import { PagedList } from "@lore/ui/paged-list";
import { Select } from "@lore/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { EmptyNote } from "@lore/ui/empty-state";
import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useState } from "react";

import { useDebouncedValue } from "~/hooks/use-debounced-value";

import { exampleListInput } from "./list-params";

/** The examples, filtered from the URL; a stale example links to each change that made it stale. */
export function ExamplesTable() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const ids = { q: useId(), tag: useId(), show: useId() };
  const [search, setSearch] = useState(params.get("q") ?? "");
  const debounced = useDebouncedValue(search.trim(), 300);
  const examples = useSuspenseInfiniteQuery(
    trpc.admin.examples.list.infiniteQueryOptions(exampleListInput(params), { getNextPageParam: nextPageCursor }),
  );

  const setParam = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  useEffect(() => {
    if (debounced !== (params.get("q") ?? "")) setParam({ q: debounced });
    // Only the debounced search drives this; the URL is read as it is now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const filtered = ["q", "tag", "show"].some((key) => params.get(key));

  return (
    <PagedList
      query={examples}
      header={
        <form className="grid gap-3 sm:grid-cols-4" role="search" aria-label="Filter examples" onSubmit={(e) => e.preventDefault()}>
          <div className="flex flex-col gap-1.5 sm:col-span-2">
            <Label htmlFor={ids.q}>Search</Label>
            <Input
              id={ids.q}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Words in the question or the answer"
              autoComplete="off"
              data-testid="examples-search"
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.tag}>Tag</Label>
            <Input id={ids.tag} defaultValue={params.get("tag") ?? ""} onBlur={(e) => setParam({ tag: e.target.value.trim() })} />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.show}>Show</Label>
            <Select
              id={ids.show}
              value={params.get("show") ?? ""}
              onChange={(e) => setParam({ show: e.target.value })}
              data-testid="examples-show"
            >
              <option value="">All</option>
              <option value="stale">Needs review (stale)</option>
              <option value="pinned">Pinned</option>
              <option value="enabled">Enabled</option>
              <option value="disabled">Disabled</option>
            </Select>
          </div>
        </form>
      }
      empty={
        <EmptyNote data-testid="examples-empty">
          {filtered ? "No example matches these filters." : "No examples yet. Write one, import a JSONL file, or turn feedback into one."}
        </EmptyNote>
      }
      loadMoreLabel="Show more"
      loadMoreTestId="examples-load-more"
      summary={(rows) => `${rows.length} shown`}
    >
      {(rows) => (
        <Table className="min-w-[44rem]" data-testid="examples-table" aria-busy={examples.isFetching || undefined}>
          <TableCaption>Examples{filtered ? " matching the filters" : ""}</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Question</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Tags</TableHeaderCell>
              <TableHeaderCell>Documents</TableHeaderCell>
              <TableHeaderCell>Updated</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((example) => (
              <TableRow key={example.id} data-testid="example-row">
                <TableCell className="max-w-md">
                  <Link href={`/examples/${example.id}`} className="font-medium text-accent underline-offset-4 hover:underline">
                    {example.question}
                  </Link>
                  <p className="line-clamp-2 text-xs text-muted">{example.answer}</p>
                </TableCell>
                <TableCell>
                  <div className="flex flex-wrap gap-1">
                    {example.pinned ? <Badge variant="accent">Pinned</Badge> : null}
                    {example.enabled ? null : <Badge>Disabled</Badge>}
                    {example.pending ? <Badge variant="warning">Not embedded yet</Badge> : null}
                    {example.stale.length > 0 ? (
                      <Badge variant="warning" data-testid="example-stale">
                        Stale
                      </Badge>
                    ) : null}
                  </div>
                  {example.stale.map((link) => (
                    <Link
                      key={link.documentId}
                      href={link.href}
                      className="mt-1 block text-xs text-accent underline-offset-4 hover:underline"
                      data-testid="example-stale-link"
                    >
                      “{link.title}” changed <LocalTime value={link.changedAt} />
                    </Link>
                  ))}
                </TableCell>
                <TableCell className="text-muted">{example.tags.join(", ") || "—"}</TableCell>
                <TableCell className="text-muted">{example.documentCount || "—"}</TableCell>
                <TableCell className="whitespace-nowrap text-muted">
                  <LocalTime value={example.updatedAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </PagedList>
  );
}
