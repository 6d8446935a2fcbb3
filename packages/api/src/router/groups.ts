import type { TRPCRouterRecord } from "@trpc/server";
import { addGroupMember, createGroup, deleteGroup, listGroupMembers, listGroups, removeGroupMember } from "@lore/core/accounts";
import { adminProcedure } from "../trpc";
import { createGroupInput, groupIdInput, membershipInput } from "../schemas";

export const groupsRouter = {
  list: adminProcedure.query(({ ctx }) => listGroups(ctx.db)),

  members: adminProcedure.input(groupIdInput).query(({ ctx, input }) => listGroupMembers(ctx.db, input.id)),

  /** Audited; a name already taken is CONFLICT. */
  create: adminProcedure.input(createGroupInput).mutation(({ ctx, input }) => createGroup(ctx.db, input, ctx.user)),

  /** Audited; a group that still restricts documents is CONFLICT (deleting it would make them public). */
  delete: adminProcedure.input(groupIdInput).mutation(({ ctx, input }) => deleteGroup(ctx.db, input.id, ctx.user)),

  /** Audited; idempotent. */
  addMember: adminProcedure.input(membershipInput).mutation(({ ctx, input }) => addGroupMember(ctx.db, input, ctx.user)),

  /** Audited; a user who is not in the group is NOT_FOUND. */
  removeMember: adminProcedure.input(membershipInput).mutation(({ ctx, input }) => removeGroupMember(ctx.db, input, ctx.user)),
} satisfies TRPCRouterRecord;
