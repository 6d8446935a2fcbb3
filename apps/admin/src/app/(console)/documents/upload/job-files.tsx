"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { ProgressBar } from "@lore/ui/progress-bar";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useQuery } from "@tanstack/react-query";

import { describeError } from "~/lib/trpc-errors";

import { STAGE_BADGES, STAGE_LABELS, formatSize, type FileStage } from "../format";

const RUNNING = new Set(["queued", "running"]);

/**
 * An import job's files with their stage, live: polled about once a second while the job runs (a cheap indexed
 * read), then left alone. The caption names the job so several batches can be told apart.
 */
export function JobFiles({ jobId, caption }: { jobId: string; caption: string }) {
  const trpc = useTRPC();
  const files = useQuery(
    trpc.documents.jobs.files.queryOptions(
      { id: jobId, limit: 1000 },
      { refetchInterval: (query) => (query.state.data && !RUNNING.has(query.state.data.job.status) ? false : 1000) },
    ),
  );
  if (files.error) return <p className="text-sm text-danger">{describeError(files.error)}</p>;
  if (!files.data) return <p className="text-sm text-muted">Loading the files of this import…</p>;
  const { job, items } = files.data;
  const ready = items.filter((f) => f.stage === "ready").length;
  const failed = items.filter((f) => f.stage === "failed").length;
  return (
    <div className="flex flex-col gap-2" data-testid="job-files" data-job-id={jobId} data-job-status={job.status}>
      <p role="status" className="text-sm text-muted" data-testid="job-summary">
        {RUNNING.has(job.status) ? "Importing: " : job.status === "canceled" ? "Cancelled: " : "Finished: "}
        {ready} ready, {failed} failed, {items.length - ready - failed} to go.
      </p>
      <Table className="min-w-[40rem]">
        <TableCaption>{caption}</TableCaption>
        <TableHead>
          <TableRow>
            <TableHeaderCell>File</TableHeaderCell>
            <TableHeaderCell>Size</TableHeaderCell>
            <TableHeaderCell>Stage</TableHeaderCell>
            <TableHeaderCell>Progress</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((f) => (
            <TableRow key={f.ordinal} data-testid="job-file" data-stage={f.stage} data-name={f.name}>
              <TableCell className="max-w-xs break-words">
                <span className="font-medium text-fg">{f.name}</span>
                {f.errorMessage ? (
                  <p className={f.stage === "failed" ? "text-sm text-danger" : "text-sm text-muted"} data-testid="job-file-reason">
                    {f.errorMessage}
                  </p>
                ) : null}
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted">{f.sizeBytes > 0 ? formatSize(f.sizeBytes) : "—"}</TableCell>
              <TableCell>
                <Badge variant={STAGE_BADGES[f.stage as FileStage]}>{STAGE_LABELS[f.stage as FileStage]}</Badge>
              </TableCell>
              <TableCell className="w-40">
                <StageProgress stage={f.stage as FileStage} embedded={f.chunksEmbedded} total={f.chunksTotal} name={f.name} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function StageProgress({ stage, embedded, total, name }: { stage: FileStage; embedded: number; total: number; name: string }) {
  if (stage === "failed") return <span className="text-sm text-muted">—</span>;
  if (stage === "ready") return <ProgressBar value={1} max={1} label={`${name}: done`} valueText="Done" />;
  if (stage === "embedding" && total > 0)
    return <ProgressBar value={embedded} max={total} label={`${name}: chunks embedded`} valueText={`${embedded} of ${total} chunks`} />;
  return <ProgressBar value={null} label={`${name}: ${STAGE_LABELS[stage].toLowerCase()}`} />;
}
