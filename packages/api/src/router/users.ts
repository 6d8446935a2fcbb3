import type { TRPCRouterRecord } from "@trpc/server";
import { listUsers, setUserRole } from "@lore/core/accounts";
import { adminProcedure } from "../trpc";
import { listUsersInput, setRoleInput } from "../schemas";

export const usersRouter = {
  /** Oldest first, with their groups; a page that continues from a user deleted meanwhile is NOT_FOUND. */
  list: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.db, input)),

  /** Audited; the last admin cannot be demoted (CONFLICT). */
  setRole: adminProcedure.input(setRoleInput).mutation(({ ctx, input }) => setUserRole(ctx.db, input, ctx.user)),
} satisfies TRPCRouterRecord;
