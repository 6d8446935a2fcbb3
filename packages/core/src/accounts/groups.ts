import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { AccountError, GROUP_NOT_FOUND_MESSAGE, USER_NOT_FOUND_MESSAGE } from "./errors";

/** Every group by name, with how many members it has and how many documents it restricts. */
export async function listGroups(db: PrismaClient) {
  const groups = await db.group.findMany({
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
}

/** A group's members by name, with when they were added. */
export async function listGroupMembers(db: PrismaClient, groupId: string) {
  const rows = await db.groupMembership.findMany({
    where: { groupId },
    orderBy: { user: { name: "asc" } },
    select: { createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => ({ ...r.user, addedAt: r.createdAt }));
}

/** Creates a group, audited; its name must be free (GROUP_EXISTS). */
export async function createGroup(
  db: PrismaClient,
  params: { name: string; description?: string | undefined },
  actor: AuditEntry["actor"],
) {
  try {
    return await db.$transaction(async (tx) => {
      const group = await tx.group.create({
        data: { id: randomUUID(), name: params.name, description: params.description ?? null },
        select: { id: true, name: true, description: true },
      });
      await recordAudit(tx, { actor, action: "group.created", targetType: "group", targetId: group.id, data: { name: group.name } });
      return group;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AccountError("GROUP_EXISTS", `A group named "${params.name}" already exists.`);
    }
    throw error;
  }
}

/**
 * Deletes a group, audited. Refuses while the group restricts documents (GROUP_IN_USE): without it, they would
 * become readable by everyone.
 */
export async function deleteGroup(db: PrismaClient, id: string, actor: AuditEntry["actor"]): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const group = await tx.group.findUnique({
      where: { id },
      select: { id: true, name: true, _count: { select: { documents: true } } },
    });
    if (!group) throw new AccountError("GROUP_NOT_FOUND", GROUP_NOT_FOUND_MESSAGE);
    if (group._count.documents > 0) {
      throw new AccountError(
        "GROUP_IN_USE",
        `"${group.name}" still restricts ${group._count.documents} document(s). Change their access first.`,
      );
    }
    await tx.group.delete({ where: { id: group.id } });
    await recordAudit(tx, { actor, action: "group.deleted", targetType: "group", targetId: group.id, data: { name: group.name } });
    return { id: group.id };
  });
}

/** Adds a user to a group, audited (every time, also when they already were a member). */
export async function addGroupMember(
  db: PrismaClient,
  params: { groupId: string; userId: string },
  actor: AuditEntry["actor"],
): Promise<{ groupId: string; userId: string }> {
  return db.$transaction(async (tx) => {
    const [group, user] = await Promise.all([
      tx.group.findUnique({ where: { id: params.groupId }, select: { id: true, name: true } }),
      tx.user.findUnique({ where: { id: params.userId }, select: { id: true, email: true } }),
    ]);
    if (!group) throw new AccountError("GROUP_NOT_FOUND", GROUP_NOT_FOUND_MESSAGE);
    if (!user) throw new AccountError("USER_NOT_FOUND", USER_NOT_FOUND_MESSAGE);
    await tx.groupMembership.upsert({
      where: { userId_groupId: { userId: user.id, groupId: group.id } },
      create: { userId: user.id, groupId: group.id },
      update: {},
    });
    await recordAudit(tx, {
      actor,
      action: "group.member_added",
      targetType: "group",
      targetId: group.id,
      data: { group: group.name, userId: user.id, email: user.email },
    });
    return { groupId: group.id, userId: user.id };
  });
}

/** Removes a user from a group, audited; NOT_A_MEMBER when they were not in it. */
export async function removeGroupMember(
  db: PrismaClient,
  params: { groupId: string; userId: string },
  actor: AuditEntry["actor"],
): Promise<{ groupId: string; userId: string }> {
  const { groupId, userId } = params;
  return db.$transaction(async (tx) => {
    const membership = await tx.groupMembership.findUnique({
      where: { userId_groupId: { userId, groupId } },
      select: { group: { select: { name: true } }, user: { select: { email: true } } },
    });
    if (!membership) throw new AccountError("NOT_A_MEMBER", "That user is not in that group.");
    await tx.groupMembership.delete({ where: { userId_groupId: { userId, groupId } } });
    await recordAudit(tx, {
      actor,
      action: "group.member_removed",
      targetType: "group",
      targetId: groupId,
      data: { group: membership.group.name, userId, email: membership.user.email },
    });
    return { groupId, userId };
  });
}
