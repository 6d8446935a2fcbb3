import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { AccountError, USER_NOT_FOUND_MESSAGE } from "./errors";

/** The role that manages Lore; there is always at least one user with it. */
export const ADMIN_ROLE = "admin";

export interface ListUsersParams {
  /** Case-insensitive substring of the email or the name. */
  query?: string;
  limit: number;
  /** The previous page's `nextCursor` (the last user's id). */
  cursor?: string;
}

/** Users oldest first, with their groups, a page at a time. */
export async function listUsers(db: PrismaClient, params: ListUsersParams) {
  // The page goes on after the cursor's user. Prisma's own cursor returns nothing at all when that user has
  // been deleted meanwhile, which looks like the end of the list: say so instead.
  const after = params.cursor ? await db.user.findUnique({ where: { id: params.cursor }, select: { id: true, createdAt: true } }) : null;
  if (params.cursor && !after)
    throw new AccountError("PAGE_GONE", "That page of users is gone (the user it continued from no longer exists). Reload the list.");
  const search = params.query
    ? [
        {
          OR: [
            { email: { contains: params.query, mode: "insensitive" as const } },
            { name: { contains: params.query, mode: "insensitive" as const } },
          ],
        },
      ]
    : [];
  const keyset = after ? [{ OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] : [];
  const rows = await db.user.findMany({
    where: { AND: [...search, ...keyset] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: params.limit + 1,
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
  const hasMore = rows.length > params.limit;
  const items = rows.slice(0, params.limit).map(({ memberships, ...u }) => ({ ...u, groups: memberships.map((m) => m.group) }));
  return { items, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}

export interface CreateUserParams<Role extends string> {
  email: string;
  name: string;
  role: Role;
  /** The password's hash, made by the auth layer (better-auth's scrypt), which owns the password rules. */
  passwordHash: string;
}

/**
 * Creates a user who signs in with email and password, audited with the admin who made them. An email already in
 * use is USER_EXISTS (emails are compared as stored: lower case).
 */
export async function createUser<Role extends string>(
  db: PrismaClient,
  params: CreateUserParams<Role>,
  actor: AuditEntry["actor"],
): Promise<{ id: string; email: string; role: Role }> {
  const id = randomUUID();
  const email = params.email.trim().toLowerCase();
  try {
    await db.$transaction(async (tx) => {
      await tx.user.create({
        data: {
          id,
          email,
          name: params.name,
          role: params.role,
          emailVerified: true,
          accounts: { create: { id: randomUUID(), accountId: id, providerId: "credential", password: params.passwordHash } },
        },
      });
      await recordAudit(tx, { actor, action: "user.created", targetType: "user", targetId: id, data: { email, role: params.role } });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AccountError("USER_EXISTS", `There is already a user with the email ${email}.`);
    }
    throw error;
  }
  return { id, email, role: params.role };
}

/**
 * Gives a user another role, audited. Refuses to take the admin role from the last admin: Lore would have no one
 * left to manage it.
 */
export async function setUserRole<Role extends string>(
  db: PrismaClient,
  params: { userId: string; role: Role },
  actor: AuditEntry["actor"],
): Promise<{ id: string; role: Role }> {
  return db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: params.userId }, select: { id: true, email: true, role: true } });
    if (!target) throw new AccountError("USER_NOT_FOUND", USER_NOT_FOUND_MESSAGE);
    if (target.role === params.role) return { id: target.id, role: params.role };
    if (target.role === ADMIN_ROLE && params.role !== ADMIN_ROLE) {
      // Lock the admins' rows before counting them: two demotions at once on a PostgreSQL server would
      // otherwise both count two admins and leave none. The second waits here, then sees one admin.
      const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE role = ${ADMIN_ROLE} FOR UPDATE`;
      if (admins.length <= 1) throw new AccountError("LAST_ADMIN", "Lore needs at least one admin: promote someone else first.");
    }
    await tx.user.update({ where: { id: target.id }, data: { role: params.role } });
    await recordAudit(tx, {
      actor,
      action: "user.role_changed",
      targetType: "user",
      targetId: target.id,
      data: { email: target.email, from: target.role, to: params.role },
    });
    return { id: target.id, role: params.role };
  });
}

/** Throws USER_NOT_FOUND unless the user exists. */
export async function requireUser(db: PrismaClient, id: string): Promise<void> {
  if (!(await db.user.findUnique({ where: { id }, select: { id: true } })))
    throw new AccountError("USER_NOT_FOUND", USER_NOT_FOUND_MESSAGE);
}

/** A user as they see themself (name, email, picture, groups by name), or null when the account no longer exists. */
export async function getProfile(db: PrismaClient, id: string) {
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      email: true,
      image: true,
      memberships: { select: { group: { select: { id: true, name: true } } }, orderBy: { group: { name: "asc" } } },
    },
  });
  if (!user) return null;
  return { id: user.id, name: user.name, email: user.email, image: user.image, groups: user.memberships.map((m) => m.group) };
}
