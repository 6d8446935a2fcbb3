import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";

import { EvaluationsBreadcrumb } from "../../breadcrumb";

import { SetDetail } from "./set-detail";

export const metadata: Metadata = { title: "Evaluation set" };

export default async function EvaluationSetPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  return (
    <>
      <EvaluationsBreadcrumb />
      <Suspense fallback={<LoadingBlock label="Loading the set…" />}>
        <SetDetail id={id} />
      </Suspense>
    </>
  );
}
