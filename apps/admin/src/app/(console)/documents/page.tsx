import { nextPageCursor } from "@lore/ui/cursor-pages";
import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { DocumentsTable } from "./documents-table";
import { listInputFromParams } from "./list-params";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === "string") params.set(key, value);
  prefetch(trpc.documents.list.infiniteQueryOptions(listInputFromParams(params), { getNextPageParam: nextPageCursor }));
  prefetch(trpc.admin.groups.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Documents"
        description="Everything Lore can answer from: search, filter and open a document to see its versions, chunks and the answers that cited it."
        actions={
          <Link
            href="/documents/upload"
            className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg hover:bg-accent-hover"
            data-testid="documents-upload-link"
          >
            Upload
          </Link>
        }
      />
      <Suspense fallback={<LoadingBlock label="Loading documents…" />}>
        <DocumentsTable />
      </Suspense>
    </HydrateClient>
  );
}
