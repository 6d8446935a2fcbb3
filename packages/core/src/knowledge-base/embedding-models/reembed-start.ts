/** Starting a re-embedding (see reembed.ts for the whole story): one job at most, whoever asks. */
import { Prisma, type PrismaClient } from "@lore/db";
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { recordAudit, type AuditEntry } from "../../audit/record";
import { EmbeddingError } from "../../embed/types";
import { failureSummary } from "../../errors/database";
import { REEMBED_QUEUE } from "../../queue/queue";
import {
  describeEmbedder,
  ensureActiveModel,
  getConfiguredEmbedding,
  readEmbeddingModels,
  type ConfiguredEmbedding,
  type EmbeddingModelRecord,
  type EmbeddingModelSpec,
  type EmbeddingSettingsOptions,
} from "./models";

import { REEMBED_JOB_KIND, endJob, endJobWith, pruneRetiredChunks, type Log, type ReembedInput } from "./reembed-records";

export type ReembedStart =
  { status: "up-to-date"; model: string } | { status: "started" | "running"; jobId: string; from: string; to: string };

export interface StartReembeddingOptions extends EmbeddingSettingsOptions {
  /** The queue to send the job to; only asked for when a job must be sent. */
  queue: () => Promise<PgBoss>;
  /** Who asked (admin console, CLI); null/undefined = the system (the worker at start). */
  actor?: AuditEntry["actor"];
  log?: Log;
}

/**
 * Compares the configured model with the active one and, when they differ, makes sure ONE re-embedding job
 * builds the configured model: starts it, or returns the one already under way. A build of another model
 * (the settings changed again) is abandoned first. Throws an EmbeddingError CONFIG when the settings cannot
 * build a model, or change a model's size without changing its id.
 */
export async function startReembedding(db: PrismaClient, options: StartReembeddingOptions): Promise<ReembedStart> {
  const log = options.log ?? (() => {});
  const configured = await getConfiguredEmbedding(options);
  const target = describeEmbedder(configured);
  // A build can switch (or be abandoned by another caller) between the read below and the abandon: the abandon
  // then finds nothing to stop, and the decision is taken again on what the models are now.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const decided = await chooseReembedAction(db, target, configured, log);
    if (decided !== "again") return "start" in decided ? queueReembedJob(db, decided.start, target, options) : decided;
  }
  throw new Error("The embedding models changed three times while a re-embedding was being started; try again.");
}

/** What {@link startReembedding} must do: nothing more (the result), start a job from the active model, or look again. */
async function chooseReembedAction(
  db: PrismaClient,
  target: EmbeddingModelSpec,
  configured: ConfiguredEmbedding,
  log: Log,
): Promise<ReembedStart | { start: EmbeddingModelRecord } | "again"> {
  // Both models from one read: read apart, a switch committing between the two reads would pair the old active
  // model with no build, and a setting back to it would be taken for "up to date".
  const models = await readEmbeddingModels(db);
  const active = models.active ?? (await ensureActiveModel(db, configured));
  const building = models.building;

  if (target.id === active.id) {
    if (target.dimensions !== active.dimensions) {
      throw new EmbeddingError(
        "CONFIG",
        `EMBEDDING_DIMENSIONS changed (${active.dimensions} → ${target.dimensions}) but the model id "${target.id}" did not. Vectors are kept per model id, so the two sizes cannot be built side by side: restore EMBEDDING_DIMENSIONS=${active.dimensions}, or serve the new size under another model name.`,
      );
    }
    if (building && !(await abandonBuild(db, building, `the configured model is the active one (${active.id}) again`, log))) return "again";
    return { status: "up-to-date", model: active.id };
  }

  if (building && (building.id !== target.id || building.dimensions !== target.dimensions)) {
    if (!(await abandonBuild(db, building, `the configured model is now ${target.id}`, log))) return "again";
  } else if (building?.jobId) {
    const job = await db.ingestionJob.findUnique({ where: { id: building.jobId }, select: { status: true } });
    if (job?.status === "queued" || job?.status === "running")
      return { status: "running", jobId: building.jobId, from: active.id, to: target.id };
    // Its job ended without switching (failed for good): a new job resumes the build where it stopped.
  }
  return { start: active };
}

/** Records the build of `target` (a new job, the model's row in state "building") and sends its job to the queue. */
async function queueReembedJob(
  db: PrismaClient,
  active: EmbeddingModelRecord,
  target: EmbeddingModelSpec,
  options: StartReembeddingOptions,
): Promise<ReembedStart> {
  const log = options.log ?? (() => {});
  const jobId = randomUUID();
  const input: ReembedInput = { from: active.id, to: target.id, dimensions: target.dimensions };
  try {
    await db.$transaction(async (tx) => {
      await tx.ingestionJob.create({
        data: { id: jobId, kind: REEMBED_JOB_KIND, status: "queued", input, createdById: options.actor?.id ?? null },
      });
      const row = { dimensions: target.dimensions, provider: target.provider, settings: target.settings, state: "building", jobId };
      await tx.embeddingModel.upsert({
        where: { id: target.id },
        create: { id: target.id, ...row },
        update: { ...row, activatedAt: null, retiredAt: null },
      });
      await recordAudit(tx, {
        actor: options.actor ?? null,
        action: "embedding.reembed_started",
        targetType: "embedding_model",
        targetId: target.id,
        data: { from: active.id, jobId },
      });
    });
  } catch (error) {
    // Someone else started the same build a moment ago (one building row at most): theirs is the job.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const { building: winner } = await readEmbeddingModels(db);
      if (winner?.id === target.id && winner.jobId) return { status: "running", jobId: winner.jobId, from: active.id, to: target.id };
    }
    throw error;
  }

  let queueJobId: string | null;
  try {
    queueJobId = await (await options.queue()).send(REEMBED_QUEUE, { ingestionJobId: jobId }, { id: jobId });
  } catch (error) {
    // Nothing was queued: the job fails now, and the next start (worker restart, CLI, console) sends a new one.
    await endJob(db, jobId, "failed", [{ code: "JOB_FAILED", file: "", message: `Could not queue the job: ${failureSummary(error)}` }]);
    throw error;
  }
  await db.ingestionJob.update({ where: { id: jobId }, data: { queueJobId: queueJobId ?? jobId } });
  log(`re-embedding ${active.id} → ${target.id}: job ${jobId} queued`);
  return { status: "started", jobId, from: active.id, to: target.id };
}

/**
 * Stops building `model`: its job is canceled, its row removed (so no more rows are written), its rows deleted.
 * Under the lock the switch takes (trySwitch), and only if `model` is still being built by the same job: false
 * when it was not (it switched, or another caller abandoned it), and then nothing is changed.
 */
async function abandonBuild(db: PrismaClient, model: EmbeddingModelRecord, reason: string, log: Log): Promise<boolean> {
  const abandoned = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ job_id: string | null }[]>`
      SELECT job_id FROM embedding_models WHERE id = ${model.id} AND state = 'building' FOR UPDATE`;
    if (!row || row.job_id !== model.jobId) return false;
    await tx.embeddingModel.delete({ where: { id: model.id } });
    if (model.jobId) await endJobWith(tx, model.jobId, "canceled", [{ code: "SUPERSEDED", file: "", message: `Stopped: ${reason}.` }]);
    return true;
  });
  if (!abandoned) return false;
  const { deleted } = await pruneRetiredChunks(db);
  log(`re-embedding to ${model.id} abandoned (${reason}); ${deleted} chunk(s) removed`);
  return true;
}
