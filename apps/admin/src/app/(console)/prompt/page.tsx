import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { PromptSettings } from "./prompt-settings";

export const metadata: Metadata = { title: "Prompt" };

export default async function PromptPage() {
  await requireAdmin();
  prefetch(trpc.admin.prompts.list.queryOptions());
  prefetch(trpc.admin.prompts.provider.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Prompt"
        description="How Lore answers: the system prompt, the model's parameters, retrieval and the token budget. Every change is a new version; one version is active at a time."
      />
      <Suspense fallback={<LoadingBlock label="Loading prompt versions…" />}>
        <PromptSettings />
      </Suspense>
    </HydrateClient>
  );
}
