import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";

import { EvaluationsBreadcrumb } from "../../breadcrumb";

import { RunDetail } from "./run-detail";

export const metadata: Metadata = { title: "Evaluation run" };

export default async function EvaluationRunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  return (
    <>
      <EvaluationsBreadcrumb />
      <Suspense fallback={<LoadingBlock label="Loading the run…" />}>
        <RunDetail id={id} />
      </Suspense>
    </>
  );
}
