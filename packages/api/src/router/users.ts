import type { TRPCRouterRecord } from "@trpc/server";
import { hashPassword } from "better-auth/crypto";
import { createUser, deactivateUser, listUsers, reactivateUser, setUserRole } from "@lore/core/accounts";
import { adminProcedure } from "../trpc";
import { createUserInput, listUsersInput, setRoleInput, userStatusInput } from "../schemas";

export const usersRouter = {
  /**
   * Oldest first, with their groups, sign-in methods, last sign-in and status (filterable); a page that continues
   * from a user deleted meanwhile is NOT_FOUND.
   */
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

  /**
   * Signs the user out everywhere at once and keeps them out (sign-in and API keys refused), audited. Yourself and
   * the last admin who can sign in are CONFLICT.
   */
  deactivate: adminProcedure.input(userStatusInput).mutation(({ ctx, input }) => deactivateUser(ctx.db, input, ctx.user)),

  /** Lets a deactivated user sign in again, audited. */
  reactivate: adminProcedure.input(userStatusInput).mutation(({ ctx, input }) => reactivateUser(ctx.db, input, ctx.user)),
} satisfies TRPCRouterRecord;
