import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { protectedProcedure } from "../trpc";

export const sessionRouter = {
  /** The signed-in user with their role and groups. */
  me: protectedProcedure.query(async ({ ctx }) => {
    const user = await ctx.db.user.findUnique({
      where: { id: ctx.user.id },
      select: {
        id: true,
        name: true,
        email: true,
        image: true,
        memberships: { select: { group: { select: { id: true, name: true } } }, orderBy: { group: { name: "asc" } } },
      },
    });
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account no longer exists." });
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      image: user.image,
      role: ctx.user.role,
      groups: user.memberships.map((m) => m.group),
    };
  }),
} satisfies TRPCRouterRecord;
