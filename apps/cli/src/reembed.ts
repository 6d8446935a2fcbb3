import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import { getEmbeddingStatus, startReembedding, type EmbeddingStatus, type ReembedStart } from "@lore/core/knowledge-base";
import { getJobQueue, unregisterJobQueue } from "@lore/core/queue";

export interface ReembedCommandOutcome {
  json: { started: ReembedStart | null; status: EmbeddingStatus };
  summary: string;
}

/**
 * `lore reembed`: starts the re-embedding job when the configured model is not the active one (or reports the job
 * already under way), then describes where things stand. `--status` only describes. The job itself runs on the
 * worker; this command only enqueues it.
 */
export async function runReembedCommand(
  db: PrismaClient,
  options: { statusOnly: boolean; databaseUrl: string },
): Promise<ReembedCommandOutcome> {
  let producer: PgBoss | undefined;
  let started: ReembedStart | null = null;
  try {
    if (!options.statusOnly) {
      started = await startReembedding(db, {
        queue: async () => (producer = await getJobQueue(db, options.databaseUrl)),
      });
    }
  } finally {
    if (producer) {
      unregisterJobQueue(db);
      await producer.stop({ graceful: false, close: true }).catch(() => {});
    }
  }
  const status = await getEmbeddingStatus(db);
  return { json: { started, status }, summary: describe(started, status) };
}

function describe(started: ReembedStart | null, status: EmbeddingStatus): string {
  const lines: string[] = [];
  const active = status.active ? `${status.active.id} (${status.active.dimensions} dimensions)` : "none yet";
  lines.push(`Active embedding model (serves search): ${active}.`);
  lines.push(
    "error" in status.configured
      ? `Configured model: cannot be built — ${status.configured.error}`
      : `Configured model (EMBEDDING_*): ${status.configured.id} (${status.configured.dimensions} dimensions).`,
  );
  if (started?.status === "up-to-date") lines.push("They are the same: nothing to re-embed.");
  if (started?.status === "started")
    lines.push(
      `Re-embedding started: job ${started.jobId}. The job worker (started by \`npm start\`) runs it; search uses ${started.from} until it is done.`,
    );
  if (started?.status === "running") lines.push(`A re-embedding to ${started.to} is already under way: job ${started.jobId}.`);
  if (status.building) {
    const job = status.building.job;
    const progress = job ? `${job.status}, ${job.chunksEmbedded} of ${job.chunksTotal} chunks embedded` : "no job";
    lines.push(
      `Being built: ${status.building.id} (${status.building.dimensions} dimensions) — ${progress}. Follow it with \`pnpm lore reembed --status\`.`,
    );
  } else if (status.lastJob && started === null) {
    const last = status.lastJob;
    lines.push(
      `Last re-embedding: ${last.from ?? "?"} → ${last.to ?? "?"}, ${last.status}${last.finishedAt ? ` at ${last.finishedAt.toISOString()}` : ""}.`,
    );
  }
  for (const error of status.building?.job?.errors ?? (started === null ? (status.lastJob?.errors ?? []) : []))
    lines.push(`  ✗ ${error.message}`);
  return lines.join("\n");
}
