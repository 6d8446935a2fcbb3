import type { TRPCRouterRecord } from "@trpc/server";
import { createApiKey, listApiKeys, revokeApiKey } from "@lore/core/api-keys";
import { createApiKeyInput, revokeApiKeyInput } from "../schemas";
import { protectedProcedure } from "../trpc";

/** The signed-in user's own API keys, for the OpenAI-compatible endpoint (`/api/v1`): each user sees only theirs. */
export const apiKeysRouter = {
  /** A new key; the reply carries its secret, which is never shown again. */
  create: protectedProcedure.input(createApiKeyInput).mutation(async ({ ctx, input }) => {
    const key = await createApiKey(ctx.db, { userId: ctx.user.id, name: input.name, expiresAt: input.expiresAt ?? null });
    return { id: key.id, name: key.name, prefix: key.prefix, expiresAt: key.expiresAt, secret: key.secret };
  }),
  /** The user's keys, newest first (revoked and expired ones marked by their dates); never a secret or hash. */
  list: protectedProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.user.id)),
  /** Stops one of the user's keys at once; anyone else's is NOT_FOUND. */
  revoke: protectedProcedure
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { userId: ctx.user.id, id: input.id })),
} satisfies TRPCRouterRecord;
