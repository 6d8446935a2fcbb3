import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";

import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { AccessOverview } from "./access-overview";

export const metadata: Metadata = { title: "Ask Lore" };

export default function AskLorePage() {
  // Knowledge-base status starts on the server and streams in; the profile is fetched by the browser.
  prefetch(trpc.health.ping.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Ask Lore"
        description="Lore answers questions from your company's documents. This is what it can draw on for you."
      />
      <AccessOverview />
    </HydrateClient>
  );
}
