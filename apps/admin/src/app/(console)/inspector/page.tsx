import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { InspectorAsk } from "./inspector-ask";

export const metadata: Metadata = { title: "Inspector" };

export default async function InspectorPage() {
  await requireAdmin();
  prefetch(trpc.admin.prompts.list.queryOptions());
  prefetch(trpc.admin.groups.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Inspector"
        description="Ask as any user or group and see how Lore answers: what each retriever found, the examples, the exact messages, the token budget and where the time went. Nothing is saved as a conversation; each question is recorded in the audit log."
      />
      <Suspense fallback={<LoadingBlock label="Loading…" />}>
        <InspectorAsk />
      </Suspense>
    </HydrateClient>
  );
}
