import { nextPageCursor } from "@lore/ui/cursor-pages";
import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { FeedbackInbox } from "./inbox";
import { inboxInput } from "./list-params";

export const metadata: Metadata = { title: "Feedback" };

export default async function FeedbackPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const params = await searchParams;
  const status = typeof params.status === "string" ? params.status : "";
  prefetch(trpc.admin.feedback.list.infiniteQueryOptions(inboxInput(status), { getNextPageParam: nextPageCursor }));
  return (
    <HydrateClient>
      <PageHeader
        title="Feedback"
        description="Answers employees rated, thumbs-down first. Turn one into an example so Lore answers better next time, or dismiss it."
      />
      <Suspense fallback={<LoadingBlock label="Loading feedback…" />}>
        <FeedbackInbox />
      </Suspense>
    </HydrateClient>
  );
}
