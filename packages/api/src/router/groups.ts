import { randomUUID } from "node:crypto";
import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { Prisma } from "@lore/db";
import { recordAudit } from "@lore/core/audit";
import { adminProcedure } from "../trpc";
import { createGroupInput, groupIdInput, membershipInput } from "../schemas";

export const groupsRouter = {
  list: adminProcedure.query(async ({ ctx }) => {
    const groups = await ctx.db.group.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        description: true,
        createdAt: true,
        _count: { select: { memberships: true, documents: true } },
      },
    });
    return groups.map(({ _count, ...g }) => ({ ...g, memberCount: _count.memberships, documentCount: _count.documents }));
  }),

  members: adminProcedure.input(groupIdInput).query(async ({ ctx, input }) => {
    const rows = await ctx.db.groupMembership.findMany({
      where: { groupId: input.id },
      orderBy: { user: { name: "asc" } },
      select: { createdAt: true, user: { select: { id: true, name: true, email: true } } },
    });
    return rows.map((r) => ({ ...r.user, addedAt: r.createdAt }));
  }),

  create: adminProcedure.input(createGroupInput).mutation(async ({ ctx, input }) => {
    try {
      return await ctx.db.$transaction(async (tx) => {
        const group = await tx.group.create({
          data: { id: randomUUID(), name: input.name, description: input.description ?? null },
          select: { id: true, name: true, description: true },
        });
        await recordAudit(tx, { actor: ctx.user, action: "group.created", targetType: "group", targetId: group.id, data: { name: group.name } });
        return group;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new TRPCError({ code: "CONFLICT", message: `A group named "${input.name}" already exists.` });
      }
      throw error;
    }
  }),

  delete: adminProcedure.input(groupIdInput).mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const group = await tx.group.findUnique({
        where: { id: input.id },
        select: { id: true, name: true, _count: { select: { documents: true } } },
      });
      if (!group) throw new TRPCError({ code: "NOT_FOUND", message: "That group does not exist." });
      // Deleting a group that guards documents would make them readable by everyone.
      if (group._count.documents > 0) {
        throw new TRPCError({
          code: "CONFLICT",
          message: `"${group.name}" still restricts ${group._count.documents} document(s). Change their access first.`,
        });
      }
      await tx.group.delete({ where: { id: group.id } });
      await recordAudit(tx, { actor: ctx.user, action: "group.deleted", targetType: "group", targetId: group.id, data: { name: group.name } });
      return { id: group.id };
    });
  }),

  addMember: adminProcedure.input(membershipInput).mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const [group, user] = await Promise.all([
        tx.group.findUnique({ where: { id: input.groupId }, select: { id: true, name: true } }),
        tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } }),
      ]);
      if (!group) throw new TRPCError({ code: "NOT_FOUND", message: "That group does not exist." });
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "That user does not exist." });
      await tx.groupMembership.upsert({
        where: { userId_groupId: { userId: user.id, groupId: group.id } },
        create: { userId: user.id, groupId: group.id },
        update: {},
      });
      await recordAudit(tx, {
        actor: ctx.user,
        action: "group.member_added",
        targetType: "group",
        targetId: group.id,
        data: { group: group.name, userId: user.id, email: user.email },
      });
      return { groupId: group.id, userId: user.id };
    });
  }),

  removeMember: adminProcedure.input(membershipInput).mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const membership = await tx.groupMembership.findUnique({
        where: { userId_groupId: { userId: input.userId, groupId: input.groupId } },
        select: { group: { select: { name: true } }, user: { select: { email: true } } },
      });
      if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "That user is not in that group." });
      await tx.groupMembership.delete({ where: { userId_groupId: { userId: input.userId, groupId: input.groupId } } });
      await recordAudit(tx, {
        actor: ctx.user,
        action: "group.member_removed",
        targetType: "group",
        targetId: input.groupId,
        data: { group: membership.group.name, userId: input.userId, email: membership.user.email },
      });
      return input;
    });
  }),
} satisfies TRPCRouterRecord;
