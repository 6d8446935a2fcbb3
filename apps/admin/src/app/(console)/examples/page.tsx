import { nextPageCursor } from "@lore/ui/cursor-pages";
import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { ExamplesTable } from "./examples-table";
import { ImportExport } from "./import-export";
import { TryPanel } from "./try-panel";
import { exampleListInput } from "./list-params";

export const metadata: Metadata = { title: "Examples" };

export default async function ExamplesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === "string") params.set(key, value);
  prefetch(trpc.admin.examples.list.infiniteQueryOptions(exampleListInput(params), { getNextPageParam: nextPageCursor }));
  return (
    <HydrateClient>
      <PageHeader
        title="Examples"
        description="Curated questions with their ideal answers. Lore shows the most similar ones to the model as examples, and with the extractive default gives an example's answer as written when the question is nearly the same."
        actions={
          <Link
            href="/examples/new"
            className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg hover:bg-accent-hover"
            data-testid="examples-new-link"
          >
            New example
          </Link>
        }
      />
      <div className="flex flex-col gap-6">
        <ImportExport />
        <Suspense fallback={<LoadingBlock label="Loading examples…" />}>
          <ExamplesTable />
        </Suspense>
        <TryPanel />
      </div>
    </HydrateClient>
  );
}
