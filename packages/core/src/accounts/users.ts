import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { AccountError, USER_NOT_FOUND_MESSAGE } from "./errors";

/** The role that manages Lore; there is always at least one user with it. */
export const ADMIN_ROLE = "admin";

/** Whether a user may sign in: "deactivated" users are banned with no end date (or one still to come). */
export type UserStatus = "active" | "deactivated";

/** How a user signs in: "password" (email and password) or "sso" (any OpenID Connect provider). */
export type SignInMethod = "password" | "sso";

export interface ListUsersParams {
  /** Case-insensitive substring of the email or the name. */
  query?: string;
  status?: UserStatus;
  limit: number;
  /** The previous page's `nextCursor` (the last user's id). */
  cursor?: string;
}

/** better-auth's ban as Lore uses it: banned, and the ban has no end or has not ended yet. */
function deactivatedWhere(now: Date): Prisma.UserWhereInput {
  return { banned: true, OR: [{ banExpires: null }, { banExpires: { gt: now } }] };
}

/** Users oldest first, with their groups, how they sign in, when they last did and their status, a page at a time. */
export async function listUsers(db: PrismaClient, params: ListUsersParams) {
  // The page goes on after the cursor's user. Prisma's own cursor returns nothing at all when that user has
  // been deleted meanwhile, which looks like the end of the list: say so instead.
  const after = params.cursor ? await db.user.findUnique({ where: { id: params.cursor }, select: { id: true, createdAt: true } }) : null;
  if (params.cursor && !after)
    throw new AccountError("PAGE_GONE", "That page of users is gone (the user it continued from no longer exists). Reload the list.");
  const now = new Date();
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
  const status =
    params.status === "deactivated" ? [deactivatedWhere(now)] : params.status === "active" ? [{ NOT: deactivatedWhere(now) }] : [];
  const keyset = after ? [{ OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] : [];
  const rows = await db.user.findMany({
    where: { AND: [...search, ...status, ...keyset] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: params.limit + 1,
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      banned: true,
      banExpires: true,
      createdAt: true,
      memberships: { select: { group: { select: { id: true, name: true } } } },
      accounts: { select: { providerId: true } },
    },
  });
  const page = rows.slice(0, params.limit);
  const lastSignIns = await lastSignInOf(
    db,
    page.map((u) => u.id),
  );
  const items = page.map(({ memberships, accounts, banExpires, ...u }) => ({
    ...u,
    status: (u.banned && (!banExpires || banExpires > now) ? "deactivated" : "active") as UserStatus,
    signInMethods: signInMethodsOf(accounts.map((a) => a.providerId)),
    lastSignInAt: lastSignIns.get(u.id) ?? null,
    groups: memberships.map((m) => m.group),
  }));
  return { items, nextCursor: rows.length > params.limit ? (items.at(-1)?.id ?? null) : null };
}

/** better-auth's provider ids as the console names them: "credential" is a password, any other provider is SSO. */
export function signInMethodsOf(providerIds: string[]): SignInMethod[] {
  const methods = new Set(providerIds.map((id): SignInMethod => (id === "credential" ? "password" : "sso")));
  return (["password", "sso"] as const).filter((m) => methods.has(m));
}

/**
 * When each user last signed in, from the audit log's `auth.sign_in` entries: sessions are deleted at sign-out,
 * expiry and deactivation, the log is kept. One grouped statement for the page (index on actor_id, id).
 */
async function lastSignInOf(db: PrismaClient, userIds: string[]): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.auditLog.groupBy({
    by: ["actorId"],
    where: { action: "auth.sign_in", actorId: { in: userIds } },
    _max: { at: true },
  });
  return new Map(rows.flatMap((r) => (r.actorId && r._max.at ? [[r.actorId, r._max.at] as const] : [])));
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
      if ((await lockActiveAdmins(tx)).length <= 1)
        throw new AccountError("LAST_ADMIN", "Lore needs at least one admin: promote someone else first.");
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

/**
 * The admins who can sign in, their rows locked until the transaction ends: two changes at once on a PostgreSQL
 * server (a demotion and a deactivation, say) would otherwise both count two admins and leave none. The second
 * waits here, then sees one. A deactivated admin does not count: they cannot manage anything.
 */
async function lockActiveAdmins(tx: Prisma.TransactionClient): Promise<{ id: string }[]> {
  return tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM users
    WHERE role = ${ADMIN_ROLE} AND NOT (coalesce(banned, false) AND (ban_expires IS NULL OR ban_expires > now()))
    FOR UPDATE`;
}

/**
 * Deactivates a user: they are banned (better-auth refuses their sign-in, core refuses their API keys) and their
 * sessions are deleted in the same transaction, so every signed-in browser loses access at its next request. Their
 * data, groups and keys stay, so reactivating gives everything back. Audited `user.deactivated`. An admin cannot
 * deactivate themself, and the last admin who can sign in cannot be deactivated. Already deactivated: nothing
 * changes.
 */
export async function deactivateUser(
  db: PrismaClient,
  params: { userId: string },
  actor: NonNullable<AuditEntry["actor"]>,
): Promise<{ id: string; status: UserStatus; sessionsEnded: number }> {
  if (params.userId === actor.id)
    throw new AccountError("SELF_DEACTIVATION", "You cannot deactivate your own account: ask another admin to do it.");
  return db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({
      where: { id: params.userId },
      select: { id: true, email: true, role: true, banned: true, banExpires: true },
    });
    if (!target) throw new AccountError("USER_NOT_FOUND", USER_NOT_FOUND_MESSAGE);
    const alreadyDeactivated = target.banned === true && (!target.banExpires || target.banExpires > new Date());
    if (alreadyDeactivated) return { id: target.id, status: "deactivated" as const, sessionsEnded: 0 };
    if (target.role === ADMIN_ROLE) {
      const admins = await lockActiveAdmins(tx);
      if (admins.length <= 1 && admins.some((a) => a.id === target.id))
        throw new AccountError("LAST_ADMIN", "Lore needs at least one admin who can sign in: promote someone else first.");
    }
    await tx.user.update({ where: { id: target.id }, data: { banned: true, banReason: "Deactivated by an admin", banExpires: null } });
    const { count } = await tx.session.deleteMany({ where: { userId: target.id } });
    await recordAudit(tx, {
      actor,
      action: "user.deactivated",
      targetType: "user",
      targetId: target.id,
      data: { email: target.email, sessionsEnded: count },
    });
    return { id: target.id, status: "deactivated" as const, sessionsEnded: count };
  });
}

/** Lets a deactivated user sign in again (their API keys work again too), audited `user.reactivated`. */
export async function reactivateUser(
  db: PrismaClient,
  params: { userId: string },
  actor: AuditEntry["actor"],
): Promise<{ id: string; status: UserStatus }> {
  return db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: params.userId }, select: { id: true, email: true, banned: true } });
    if (!target) throw new AccountError("USER_NOT_FOUND", USER_NOT_FOUND_MESSAGE);
    if (!target.banned) return { id: target.id, status: "active" as const };
    await tx.user.update({ where: { id: target.id }, data: { banned: false, banReason: null, banExpires: null } });
    await recordAudit(tx, { actor, action: "user.reactivated", targetType: "user", targetId: target.id, data: { email: target.email } });
    return { id: target.id, status: "active" as const };
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
