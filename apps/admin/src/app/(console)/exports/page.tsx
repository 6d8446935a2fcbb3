import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { DEFAULT_FINETUNE_OPTIONS } from "./constants";
import { FinetuneExport } from "./finetune-export";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage() {
  await requireAdmin();
  prefetch(trpc.admin.exports.finetunePreview.queryOptions(DEFAULT_FINETUNE_OPTIONS));
  return (
    <HydrateClient>
      <PageHeader title="Exports" description="Take Lore's curated knowledge out: a fine-tuning data set, and the audit log as CSV." />
      <Suspense fallback={<LoadingBlock label="Counting the fine-tuning data…" />}>
        <FinetuneExport />
      </Suspense>
    </HydrateClient>
  );
}
