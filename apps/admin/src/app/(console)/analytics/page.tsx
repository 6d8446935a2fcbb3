import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { AnalyticsView } from "./analytics-view";
import { parseRange, toQuery } from "./range";
import { RangePicker } from "./range-picker";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const range = parseRange(await searchParams);
  // The figures are prefetched; the knowledge gaps (which embed the questions) load on the client.
  prefetch(trpc.admin.analytics.summary.queryOptions(toQuery(range)));
  return (
    <HydrateClient>
      <PageHeader
        title="Analytics"
        description="What people ask, how the assistant answers, and where the knowledge base falls short. Days are in UTC."
      />
      <RangePicker key={`${range.from}/${range.to}`} range={range} />
      <Suspense fallback={<LoadingBlock label="Loading the figures…" />}>
        <AnalyticsView range={range} />
      </Suspense>
    </HydrateClient>
  );
}
