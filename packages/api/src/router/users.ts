import type { TRPCRouterRecord } from "@trpc/server";
import { hashPassword } from "better-auth/crypto";
import { createUser, listUsers, setUserRole } from "@lore/core/accounts";
import { adminProcedure } from "../trpc";
import { createUserInput, listUsersInput, setRoleInput } from "../schemas";

export const usersRouter = {
  /** Oldest first, with their groups; a page that continues from a user deleted meanwhile is NOT_FOUND. */
  list: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.db, input)),

  /**
   * Creates an account that signs in with email and password (the embedded default has no SSO), audited. Lore's
   * one way to make users: better-auth's own admin endpoints are switched off (they skip the audit log).
   */
  create: adminProcedure
    .input(createUserInput)
    .mutation(async ({ ctx, input }) =>
      createUser(
        ctx.db,
        { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
        ctx.user,
      ),
    ),

  /** Audited; the last admin cannot be demoted (CONFLICT). */
  setRole: adminProcedure.input(setRoleInput).mutation(({ ctx, input }) => setUserRole(ctx.db, input, ctx.user)),
} satisfies TRPCRouterRecord;
