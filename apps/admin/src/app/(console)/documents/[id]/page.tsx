import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { DocumentDetail } from "./document-detail";

export const metadata: Metadata = { title: "Document" };

/**
 * One document: metadata and actions, then its versions, chunks and citing answers in tabs. Versions and chunks
 * are audited reads (document.restricted_read), so they load only when their tab opens, and are not refetched.
 */
export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  prefetch(trpc.documents.get.queryOptions({ id }));
  prefetch(trpc.admin.groups.list.queryOptions());
  return (
    <HydrateClient>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link href="/documents" className="text-accent underline-offset-4 hover:underline">
          Documents
        </Link>
      </nav>
      <Suspense fallback={<LoadingBlock label="Loading the document…" />}>
        <DocumentDetail id={id} />
      </Suspense>
    </HydrateClient>
  );
}
