import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { NewExample } from "./new-example";

export const metadata: Metadata = { title: "New example" };

/** A new example; prefilled from inbox feedback (?fromFeedback=<id>) or from a question (?question=, analytics' gaps). */
export default async function NewExamplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const params = await searchParams;
  const feedbackId = typeof params.fromFeedback === "string" && params.fromFeedback ? params.fromFeedback : undefined;
  const question = typeof params.question === "string" ? params.question : "";
  if (feedbackId) prefetch(trpc.admin.feedback.get.queryOptions({ id: feedbackId }));
  return (
    <HydrateClient>
      <PageHeader
        title="New example"
        description={
          feedbackId
            ? "Turn the rated answer into a curated example: correct the answer, then create it."
            : "A question and the answer Lore should give."
        }
      />
      <Suspense fallback={<LoadingBlock label="Loading…" />}>
        <NewExample feedbackId={feedbackId} question={question} />
      </Suspense>
    </HydrateClient>
  );
}
