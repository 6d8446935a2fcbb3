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
import { useSuspenseInfiniteQuery, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useState } from "react";

import { useDebouncedValue } from "~/hooks/use-debounced-value";

import { STATUS_LABELS } from "./format";
import { listInputFromParams, type FilterKey } from "./list-params";

const STATUS_BADGES = { pending: "neutral", processing: "accent", ready: "success", failed: "danger" } as const;

/** The documents, filtered and sorted from the URL; every filter change replaces the URL (no history spam). */
export function DocumentsTable() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const ids = { q: useId(), status: useId(), source: useId(), group: useId(), tag: useId(), from: useId(), to: useId(), sort: useId() };
  const [search, setSearch] = useState(params.get("q") ?? "");
  const debounced = useDebouncedValue(search.trim(), 300);
  const input = listInputFromParams(params);
  const groups = useSuspenseQuery(trpc.admin.groups.list.queryOptions());
  const documents = useSuspenseInfiniteQuery(trpc.documents.list.infiniteQueryOptions(input, { getNextPageParam: nextPageCursor }));

  const setParam = (changes: Partial<Record<FilterKey, string>>) => {
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

  const sortValue = `${input.sort}:${input.dir ?? (input.sort === "title" ? "asc" : "desc")}`;
  const filtered = FILTERS.some((key) => params.get(key));

  return (
    <PagedList
      query={documents}
      header={
        <form
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
          role="search"
          aria-label="Filter documents"
          onSubmit={(e) => e.preventDefault()}
        >
          <div className="flex flex-col gap-1.5 sm:col-span-2">
            <Label htmlFor={ids.q}>Title</Label>
            <Input
              id={ids.q}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Search titles"
              autoComplete="off"
              data-testid="documents-search"
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.status}>Status</Label>
            <Select
              id={ids.status}
              value={params.get("status") ?? ""}
              onChange={(e) => setParam({ status: e.target.value })}
              data-testid="documents-status"
            >
              <option value="">Any</option>
              {Object.entries(STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.group}>Group</Label>
            <Select
              id={ids.group}
              value={params.get("group") ?? ""}
              onChange={(e) => setParam({ group: e.target.value })}
              data-testid="documents-group"
            >
              <option value="">Any</option>
              {groups.data.map((g) => (
                <option key={g.id} value={g.name}>
                  {g.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.source}>Source</Label>
            <Input
              id={ids.source}
              defaultValue={params.get("source") ?? ""}
              onBlur={(e) => setParam({ source: e.target.value.trim() })}
              placeholder="upload, cli…"
              data-testid="documents-source"
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.tag}>Tag</Label>
            <Input
              id={ids.tag}
              defaultValue={params.get("tag") ?? ""}
              onBlur={(e) => setParam({ tag: e.target.value.trim() })}
              data-testid="documents-tag"
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.from}>Updated from</Label>
            <Input
              id={ids.from}
              type="date"
              value={params.get("from") ?? ""}
              onChange={(e) => setParam({ from: e.target.value })}
              data-testid="documents-from"
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.to}>Updated until</Label>
            <Input
              id={ids.to}
              type="date"
              value={params.get("to") ?? ""}
              onChange={(e) => setParam({ to: e.target.value })}
              data-testid="documents-to"
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.sort}>Sort by</Label>
            <Select
              id={ids.sort}
              value={sortValue}
              onChange={(e) => {
                const [sort, dir] = e.target.value.split(":");
                setParam({ sort, dir });
              }}
              data-testid="documents-sort"
            >
              <option value="updated:desc">Last updated, newest first</option>
              <option value="updated:asc">Last updated, oldest first</option>
              <option value="title:asc">Title, A to Z</option>
              <option value="title:desc">Title, Z to A</option>
              <option value="created:desc">Created, newest first</option>
              <option value="created:asc">Created, oldest first</option>
            </Select>
          </div>
        </form>
      }
      empty={
        <EmptyNote data-testid="documents-empty">
          {filtered ? "No document matches these filters." : "No documents yet. Upload some to get started."}
        </EmptyNote>
      }
      loadMoreLabel="Show more"
      loadMoreTestId="documents-load-more"
      summary={(rows) => `${rows.length} shown`}
    >
      {(rows) => (
        <Table className="min-w-[48rem]" data-testid="documents-table" aria-busy={documents.isFetching || undefined}>
          <TableCaption>Documents{filtered ? " matching the filters" : ""}</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Title</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Source</TableHeaderCell>
              <TableHeaderCell>Readers</TableHeaderCell>
              <TableHeaderCell>Tags</TableHeaderCell>
              <TableHeaderCell>Updated</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((doc) => (
              <TableRow key={doc.id} data-testid="document-row">
                <TableCell className="max-w-xs">
                  <Link href={`/documents/${doc.id}`} className="font-medium text-accent underline-offset-4 hover:underline">
                    {doc.title}
                  </Link>
                  <p className="truncate text-xs text-muted">{doc.externalId}</p>
                </TableCell>
                <TableCell>
                  <Badge variant={STATUS_BADGES[doc.status]}>{STATUS_LABELS[doc.status]}</Badge>
                </TableCell>
                <TableCell className="text-muted">{doc.source}</TableCell>
                <TableCell className="text-muted">
                  {doc.groups.length === 0 ? "Everyone" : doc.groups.map((g) => g.name).join(", ")}
                </TableCell>
                <TableCell className="text-muted">{doc.tags.join(", ") || "—"}</TableCell>
                <TableCell className="whitespace-nowrap text-muted">
                  <LocalTime value={doc.updatedAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </PagedList>
  );
}

const FILTERS: FilterKey[] = ["q", "status", "source", "group", "tag", "from", "to"];
