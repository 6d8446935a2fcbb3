"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { nextPageCursor } from "@lore/ui/cursor-pages";
import { LocalTime } from "@lore/ui/local-time";
import { PagedList } from "@lore/ui/paged-list";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

import { actionLabel, actorLabel, describeAuditEntry } from "~/lib/audit";

import { AuditFilterBar } from "./audit-filter-bar";
import { AUDIT_PAGE_SIZE } from "./constants";
import { auditFiltersQuery, auditQueryInput, readAuditFilters } from "./filters";

function actionVariant(action: string) {
  if (action.endsWith(".deleted") || action.endsWith(".removed") || action.endsWith("_removed")) return "danger" as const;
  if (action.startsWith("auth.")) return "neutral" as const;
  return "accent" as const;
}

export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const filters = readAuditFilters(useSearchParams());
  const filtered = Object.values(filters).some(Boolean);
  // The first page is prefetched on the server (see page.tsx) and streamed in.
  const log = useSuspenseInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      { ...auditQueryInput(filters), limit: AUDIT_PAGE_SIZE },
      { getNextPageParam: nextPageCursor },
    ),
  );

  return (
    <PagedList
      query={log}
      header={
        <AuditFilterBar filters={filters} onChange={(next) => router.replace(`${pathname}${auditFiltersQuery(next)}`, { scroll: false })} />
      }
      empty={
        <p className="py-8 text-center text-sm text-muted">
          {filtered ? "No entries match these filters." : "Nothing has been recorded yet."}
        </p>
      }
      loadMoreLabel="Show older entries"
      loadMoreTestId="audit-load-more"
      summary={(entries) => (
        <>
          {entries.length} {entries.length === 1 ? "entry" : "entries"} shown
        </>
      )}
      end="This is the beginning of the log."
    >
      {(entries) => (
        <Table className="min-w-[56rem]" data-testid="audit-table">
          <TableCaption>Audit log entries, newest first</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
              <TableHeaderCell>IP address</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.id} data-testid="audit-row" data-action={entry.action}>
                <TableCell className="whitespace-nowrap text-muted">
                  <LocalTime value={entry.at} format={{ dateStyle: "medium", timeStyle: "medium" }} />
                </TableCell>
                <TableCell className="max-w-[14rem] truncate">{actorLabel(entry)}</TableCell>
                <TableCell>
                  <Badge variant={actionVariant(entry.action)}>{actionLabel(entry.action)}</Badge>
                </TableCell>
                <TableCell className="max-w-[24rem] break-words text-muted">{describeAuditEntry(entry)}</TableCell>
                <TableCell className="font-mono text-xs whitespace-nowrap text-muted">{entry.ip ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </PagedList>
  );
}
