import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { RecentImports } from "./recent-imports";
import { UploadPanel } from "./upload-panel";

export const metadata: Metadata = { title: "Upload documents" };

export default async function UploadPage() {
  await requireAdmin();
  prefetch(trpc.admin.groups.list.queryOptions());
  prefetch(trpc.documents.jobs.active.queryOptions({ limit: 20 }));
  return (
    <HydrateClient>
      <PageHeader
        title="Upload documents"
        description="Files, a whole folder or a .zip wiki export. Each file is parsed, split into chunks and embedded; follow it here."
        actions={
          <Link href="/documents" className="text-sm font-medium text-accent underline-offset-4 hover:underline">
            All documents
          </Link>
        }
      />
      <div className="flex flex-col gap-8">
        <Suspense fallback={<LoadingBlock label="Loading groups…" />}>
          <UploadPanel />
        </Suspense>
        <Suspense fallback={<LoadingBlock label="Loading recent imports…" />}>
          <RecentImports />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
