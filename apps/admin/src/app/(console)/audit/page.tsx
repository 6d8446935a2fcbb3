import { nextPageCursor } from "@lore/ui/cursor-pages";
import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { AuditLog } from "./audit-log";
import { AUDIT_PAGE_SIZE } from "./constants";
import { auditQueryInput, hasDayFilter, readAuditFilters } from "./filters";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const raw = await searchParams;
  const filters = readAuditFilters({ get: (name) => [raw[name]].flat()[0] ?? null });
  // Days are read in the admin's own time zone, which only the browser knows: those lists load there.
  if (!hasDayFilter(filters))
    prefetch(
      trpc.admin.audit.list.infiniteQueryOptions(
        { ...auditQueryInput(filters), limit: AUDIT_PAGE_SIZE },
        { getNextPageParam: nextPageCursor },
      ),
    );
  return (
    <HydrateClient>
      <PageHeader
        title="Audit log"
        description="Sign-ins and every change admins make (accounts, groups, documents, examples, prompts, exports), newest first."
      />
      <Suspense fallback={<LoadingBlock label="Loading the audit log…" />}>
        <AuditLog />
      </Suspense>
    </HydrateClient>
  );
}
