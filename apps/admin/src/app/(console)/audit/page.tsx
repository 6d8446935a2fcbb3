import { nextPageCursor } from "@lore/ui/cursor-pages";
import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { AuditLog } from "./audit-log";
import { AUDIT_PAGE_SIZE } from "./constants";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireAdmin();
  prefetch(trpc.admin.audit.list.infiniteQueryOptions({ limit: AUDIT_PAGE_SIZE }, { getNextPageParam: nextPageCursor }));
  return (
    <HydrateClient>
      <PageHeader title="Audit log" description="Sign-ins and every change to accounts, roles and groups, newest first." />
      <Suspense fallback={<LoadingBlock label="Loading the audit log…" />}>
        <AuditLog />
      </Suspense>
    </HydrateClient>
  );
}
