import type { PrismaClient } from "@lore/db";
import { getIngestionJob, type IngestionJobView } from "../documents/job-views";
import { ensureActiveModel, getConfiguredEmbedding, type EmbeddingSettingsOptions } from "./models";
import { REEMBED_JOB_KIND, inputSchema, message } from "./reembed-records";

export interface EmbeddingStatus {
  /** The model whose vectors serve search (null only before anything was configured or indexed). */
  active: { id: string; dimensions: number; activatedAt: Date | null } | null;
  /** The model the settings describe, or why they cannot build one. */
  configured: { id: string; dimensions: number } | { error: string };
  /** The model being built, if any, with its job's progress. */
  building: { id: string; dimensions: number; job: IngestionJobView | null } | null;
  /** The most recent re-embedding job, whatever its status, and the models it went from and to. */
  lastJob: (IngestionJobView & { from: string | null; to: string | null }) | null;
}

/** What an admin needs to follow a change of embedding model. */
export async function getEmbeddingStatus(db: PrismaClient, options: EmbeddingSettingsOptions = {}): Promise<EmbeddingStatus> {
  let configured: EmbeddingStatus["configured"];
  try {
    const settings = await getConfiguredEmbedding(options);
    configured = { id: settings.embedder.id, dimensions: settings.embedder.dimensions };
    await ensureActiveModel(db, settings);
  } catch (error) {
    configured = { error: message(error) };
  }
  const models = await db.embeddingModel.findMany({ where: { state: { in: ["active", "building"] } } });
  const active = models.find((m) => m.state === "active");
  const building = models.find((m) => m.state === "building");
  const last = await db.ingestionJob.findFirst({
    where: { kind: REEMBED_JOB_KIND },
    orderBy: { createdAt: "desc" },
    select: { id: true, input: true },
  });
  const lastInput = last ? inputSchema.safeParse(last.input) : null;
  return {
    active: active ? { id: active.id, dimensions: active.dimensions, activatedAt: active.activatedAt } : null,
    configured,
    building: building
      ? { id: building.id, dimensions: building.dimensions, job: building.jobId ? await getIngestionJob(db, building.jobId) : null }
      : null,
    lastJob: last
      ? {
          ...(await getIngestionJob(db, last.id)),
          from: lastInput?.success ? lastInput.data.from : null,
          to: lastInput?.success ? lastInput.data.to : null,
        }
      : null,
  };
}
