import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { getProfile } from "@lore/core/accounts";
import { protectedProcedure } from "../trpc";

export const sessionRouter = {
  /** The signed-in user with their role and groups. */
  me: protectedProcedure.query(async ({ ctx }) => {
    const profile = await getProfile(ctx.db, ctx.user.id);
    // A session whose account was deleted: the caller is no longer signed in (an access answer, not a domain one).
    if (!profile) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account no longer exists." });
    const { groups, ...user } = profile;
    return { ...user, role: ctx.user.role, groups };
  }),
} satisfies TRPCRouterRecord;
