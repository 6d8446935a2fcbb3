import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { recordAudit } from "@lore/core/audit";
import { adminProcedure } from "../trpc";
import { listUsersInput, setRoleInput } from "../schemas";

export const usersRouter = {
  list: adminProcedure.input(listUsersInput).query(async ({ ctx, input }) => {
    // The page goes on after the cursor's user. Prisma's own cursor returns nothing at all when that user has
    // been deleted meanwhile, which looks like the end of the list: say so instead.
    const after = input.cursor ? await ctx.db.user.findUnique({ where: { id: input.cursor }, select: { id: true, createdAt: true } }) : null;
    if (input.cursor && !after) throw new TRPCError({ code: "NOT_FOUND", message: "That page of users is gone (the user it continued from no longer exists). Reload the list." });
    const search = input.query
      ? [{ OR: [{ email: { contains: input.query, mode: "insensitive" as const } }, { name: { contains: input.query, mode: "insensitive" as const } }] }]
      : [];
    const keyset = after ? [{ OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] : [];
    const rows = await ctx.db.user.findMany({
      where: { AND: [...search, ...keyset] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: input.limit + 1,
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        banned: true,
        createdAt: true,
        memberships: { select: { group: { select: { id: true, name: true } } } },
      },
    });
    const hasMore = rows.length > input.limit;
    const items = rows.slice(0, input.limit).map(({ memberships, ...u }) => ({ ...u, groups: memberships.map((m) => m.group) }));
    return { items, nextCursor: hasMore ? items.at(-1)?.id ?? null : null };
  }),

  setRole: adminProcedure.input(setRoleInput).mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const target = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true } });
      if (!target) throw new TRPCError({ code: "NOT_FOUND", message: "That user does not exist." });
      if (target.role === input.role) return { id: target.id, role: input.role };
      if (target.role === "admin" && input.role !== "admin") {
        const admins = await tx.user.count({ where: { role: "admin" } });
        if (admins <= 1) {
          throw new TRPCError({ code: "CONFLICT", message: "Lore needs at least one admin: promote someone else first." });
        }
      }
      await tx.user.update({ where: { id: target.id }, data: { role: input.role } });
      await recordAudit(tx, {
        actor: ctx.user,
        action: "user.role_changed",
        targetType: "user",
        targetId: target.id,
        data: { email: target.email, from: target.role, to: input.role },
      });
      return { id: target.id, role: input.role };
    });
  }),
} satisfies TRPCRouterRecord;
