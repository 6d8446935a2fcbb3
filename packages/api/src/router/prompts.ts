import type { TRPCRouterRecord } from "@trpc/server";
import {
  activatePromptVersion,
  createPromptVersion,
  diffPromptVersions,
  getPromptVersion,
  listPromptVersions,
  providerInfo,
} from "@lore/core/prompt-configs";
import { adminProcedure } from "../trpc";
import { createPromptInput, diffPromptsInput, promptIdInput } from "../schemas";

/** Prompt configuration versions: edit (as a new version), diff, activate, roll back. Every change is audited. */
export const promptsRouter = {
  /** Every version, newest first, with the active one marked. */
  list: adminProcedure.query(({ ctx }) => listPromptVersions(ctx.db)),

  /** One version with all its parameters. */
  get: adminProcedure.input(promptIdInput).query(({ ctx, input }) => getPromptVersion(ctx.db, input.id)),

  /** A new, inactive version from `basedOnId` with the given parameters; NOTHING_CHANGED (BAD_REQUEST) when none differs. */
  create: adminProcedure
    .input(createPromptInput)
    .mutation(({ ctx, input }) => createPromptVersion(ctx.db, input, { actor: ctx.user, ip: ctx.ip })),

  /** Makes a version the active one (an older one: a rollback). */
  activate: adminProcedure
    .input(promptIdInput)
    .mutation(({ ctx, input }) => activatePromptVersion(ctx.db, input, { actor: ctx.user, ip: ctx.ip })),

  /** The system prompt's line and word changes and every parameter, from one version to another. */
  diff: adminProcedure.input(diffPromptsInput).query(({ ctx, input }) => diffPromptVersions(ctx.db, input)),

  /** The model provider the environment configures (read-only: never the key). */
  provider: adminProcedure.query(() => providerInfo()),
} satisfies TRPCRouterRecord;
