import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";

import { requireAdmin } from "~/server/session";

import { RunsTable } from "./runs-table";
import { SetsPanel } from "./sets-panel";

export const metadata: Metadata = { title: "Evaluations" };

/** The evaluation workbench: sets of questions, and the runs that measured each configuration on them. */
export default async function EvaluationsPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader
        title="Evaluations"
        description="Measure each customisation step — prompt only, few-shot examples, retrieval, hybrid retrieval — on your own questions, and keep only what helps."
      />
      <div className="flex flex-col gap-10">
        <SetsPanel />
        <section aria-labelledby="eval-runs-heading" className="flex flex-col gap-4">
          <h2 id="eval-runs-heading" className="text-lg font-semibold text-fg">
            Recent runs
          </h2>
          <RunsTable showSet />
        </section>
      </div>
    </>
  );
}
