import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { ExampleDetail } from "./example-detail";

export const metadata: Metadata = { title: "Example" };

export default async function ExamplePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  prefetch(trpc.admin.examples.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <PageHeader
        title="Edit example"
        actions={
          <Link href="/examples" className="text-sm text-accent underline-offset-4 hover:underline">
            All examples
          </Link>
        }
      />
      <Suspense fallback={<LoadingBlock label="Loading the example…" />}>
        <ExampleDetail id={id} />
      </Suspense>
    </HydrateClient>
  );
}
