import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";

import { EvaluationsBreadcrumb } from "../breadcrumb";

import { CompareView } from "./compare-view";

export const metadata: Metadata = { title: "Compare runs" };

/** Runs of one set side by side: `?runs=a,b,c` (in that order) or `?ladder=<id>`. */
export default async function CompareRunsPage() {
  await requireAdmin();
  return (
    <>
      <EvaluationsBreadcrumb />
      <PageHeader
        title="Compare runs"
        description="The same questions under each configuration: the figures side by side, what changed between runs, and the cases that regressed or improved."
      />
      <Suspense fallback={<LoadingBlock label="Loading…" />}>
        <CompareView />
      </Suspense>
    </>
  );
}
