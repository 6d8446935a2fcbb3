"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { LocalTime } from "@lore/ui/local-time";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { JobFiles } from "./job-files";

const STATUS: Record<string, { label: string; variant: "neutral" | "accent" | "success" | "danger" | "warning" }> = {
  queued: { label: "Queued", variant: "neutral" },
  running: { label: "Running", variant: "accent" },
  succeeded: { label: "Finished", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
  canceled: { label: "Cancelled", variant: "warning" },
};

/**
 * Imports still running and those of the last day, so an admin who left the page sees where they stand. Refreshed
 * every few seconds while one runs; each opens its files.
 */
export function RecentImports() {
  const trpc = useTRPC();
  const jobs = useSuspenseQuery(
    trpc.documents.jobs.active.queryOptions(
      { limit: 20 },
      { refetchInterval: (query) => (query.state.data?.some((j) => j.status === "queued" || j.status === "running") ? 3000 : false) },
    ),
  );
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="recent-imports" className="flex flex-col gap-3" data-testid="recent-imports">
      <h2 id="recent-imports" className="text-lg font-semibold text-fg">
        Recent imports
      </h2>
      {jobs.data.length === 0 ? (
        <p className="text-sm text-muted">No import in the last day.</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {jobs.data.map((job) => {
            const status = STATUS[job.status] ?? STATUS.queued!;
            const ready = job.stages.ready ?? 0;
            const failed = job.stages.failed ?? 0;
            const total = Object.values(job.stages).reduce((a, b) => a + (b ?? 0), 0);
            return (
              <li key={job.id} className="rounded-lg border border-border bg-surface px-4 py-3">
                <div className="flex flex-wrap items-center justify-between gap-3">
                  <div className="flex flex-wrap items-center gap-3 text-sm">
                    <Badge variant={status.variant}>{status.label}</Badge>
                    <LocalTime value={job.createdAt} className="text-muted" />
                    <span className="text-fg">
                      {ready} of {total} files ready{failed > 0 ? `, ${failed} failed` : ""}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="text-sm font-medium text-accent underline-offset-4 hover:underline"
                    aria-expanded={open === job.id}
                    onClick={() => setOpen(open === job.id ? null : job.id)}
                  >
                    {open === job.id ? "Hide files" : "Show files"}
                  </button>
                </div>
                {open === job.id ? (
                  <div className="mt-3">
                    <JobFiles jobId={job.id} caption={`Files of the import started ${new Date(job.createdAt).toLocaleString()}`} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
