import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client";
import { useTestDatabase } from "./testing";

/** The Postgres error behind a Prisma error, whichever way Prisma wrapped it. */
function describeError(error: unknown): string {
  const parts = [String((error as Error).message)];
  if (error instanceof Prisma.PrismaClientKnownRequestError) parts.push(error.code, JSON.stringify(error.meta ?? {}));
  return parts.join(" ");
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return describeError(error);
  }
  throw new Error("expected the database to reject this");
}

describe("database constraints", () => {
  const db = useTestDatabase();

  async function makeDocument(groupIds: string[] = []) {
    const id = randomUUID();
    await db.prisma.document.create({
      data: {
        id,
        source: "test",
        externalId: id,
        title: "A page",
        mimeType: "text/markdown",
        contentHash: "h",
        accessGroups: { create: groupIds.map((groupId) => ({ groupId })) },
      },
    });
    return id;
  }

  it("keeps the audit log append-only", async () => {
    const entry = await db.prisma.auditLog.create({ data: { action: "test.created", data: { n: 1 } } });
    expect(entry.id).toBeTypeOf("bigint");

    expect(await failure(db.prisma.auditLog.update({ where: { id: entry.id }, data: { action: "test.rewritten" } }))).toMatch(
      /audit_log is append-only: UPDATE is not allowed/,
    );
    expect(await failure(db.prisma.auditLog.delete({ where: { id: entry.id } }))).toMatch(
      /audit_log is append-only: DELETE is not allowed/,
    );
    expect(await failure(db.prisma.auditLog.deleteMany({}))).toMatch(/append-only: DELETE/);
    expect(await failure(db.prisma.$executeRawUnsafe("TRUNCATE audit_log"))).toMatch(/append-only: TRUNCATE/);
    expect(await db.prisma.auditLog.findUnique({ where: { id: entry.id } })).toMatchObject({ action: "test.created" });
  });

  it("allows at most one active prompt configuration, and switching inside a transaction", async () => {
    const config = (version: number, isActive: boolean) => ({
      id: randomUUID(),
      name: `v${version}`,
      version,
      systemPrompt: "Answer from sources.",
      isActive,
    });
    const v1 = await db.prisma.promptConfig.create({ data: config(101, true) });
    expect(await failure(db.prisma.promptConfig.create({ data: config(102, true) }))).toMatch(/P2002|prompt_configs_single_active_key/);

    const v2 = await db.prisma.promptConfig.create({ data: config(102, false) });
    await db.prisma.$transaction([
      db.prisma.promptConfig.update({ where: { id: v1.id }, data: { isActive: false } }),
      db.prisma.promptConfig.update({ where: { id: v2.id }, data: { isActive: true } }),
    ]);
    const active = await db.prisma.promptConfig.findMany({ where: { isActive: true } });
    expect(active.map((c) => c.id)).toEqual([v2.id]);
  });

  it("refuses to delete a group that still guards documents, so they never turn public", async () => {
    const group = await db.prisma.group.create({ data: { id: randomUUID(), name: `guard-${randomUUID()}` } });
    const documentId = await makeDocument([group.id]);

    expect(await failure(db.prisma.group.delete({ where: { id: group.id } }))).toMatch(/P2003|foreign key|document_access_group_id_fkey/i);
    expect(await db.prisma.documentAccess.count({ where: { documentId } })).toBe(1);

    await db.prisma.documentAccess.deleteMany({ where: { groupId: group.id } });
    await db.prisma.group.delete({ where: { id: group.id } });
  });

  it("deleting a group removes its memberships; deleting a document removes its versions, chunks and access rows", async () => {
    const group = await db.prisma.group.create({ data: { id: randomUUID(), name: `members-${randomUUID()}` } });
    const user = await db.prisma.user.create({ data: { id: randomUUID(), name: "Member", email: `${randomUUID()}@example.com` } });
    await db.prisma.groupMembership.create({ data: { userId: user.id, groupId: group.id } });
    await db.prisma.group.delete({ where: { id: group.id } });
    expect(await db.prisma.groupMembership.count({ where: { userId: user.id } })).toBe(0);

    const other = await db.prisma.group.create({ data: { id: randomUUID(), name: `doc-${randomUUID()}` } });
    const documentId = await makeDocument([other.id]);
    const versionId = randomUUID();
    await db.prisma.documentVersion.create({
      data: { id: versionId, documentId, version: 1, contentHash: "h", title: "t", content: "c", byteSize: 1 },
    });
    await db.prisma.document.update({ where: { id: documentId }, data: { currentVersionId: versionId } });
    await db.prisma.chunk.create({
      data: {
        id: randomUUID(),
        documentId,
        documentVersionId: versionId,
        ordinal: 0,
        text: "c",
        tokenCount: 1,
        embeddingModel: "m",
        embeddingDims: 384,
      },
    });
    await db.prisma.document.delete({ where: { id: documentId } });
    expect(await db.prisma.documentVersion.count({ where: { documentId } })).toBe(0);
    expect(await db.prisma.chunk.count({ where: { documentId } })).toBe(0);
    expect(await db.prisma.documentAccess.count({ where: { documentId } })).toBe(0);
  });

  it("accepts only the employee and admin roles, and feedback of -1 or 1", async () => {
    expect(
      await failure(db.prisma.user.create({ data: { id: randomUUID(), name: "X", email: `${randomUUID()}@example.com`, role: "owner" } })),
    ).toMatch(/users_role_check/);
    const user = await db.prisma.user.create({ data: { id: randomUUID(), name: "Rater", email: `${randomUUID()}@example.com` } });
    expect(user.role).toBe("employee");
    const conversation = await db.prisma.conversation.create({ data: { id: randomUUID(), userId: user.id } });
    const message = await db.prisma.message.create({ data: { id: randomUUID(), conversationId: conversation.id, role: "assistant" } });
    expect(
      await failure(db.prisma.feedback.create({ data: { id: randomUUID(), messageId: message.id, userId: user.id, rating: 0 } })),
    ).toMatch(/feedback_rating_check/);
    await db.prisma.feedback.create({ data: { id: randomUUID(), messageId: message.id, userId: user.id, rating: -1 } });
  });

  it("keeps embedding_dims honest, since the HNSW indexes depend on it", async () => {
    const documentId = await makeDocument();
    const versionId = randomUUID();
    await db.prisma.documentVersion.create({
      data: { id: versionId, documentId, version: 1, contentHash: "h", title: "t", content: "c", byteSize: 1 },
    });
    const insert = (dims: number, vector: string) =>
      db.prisma
        .$executeRaw`INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, token_count, embedding, embedding_model, embedding_dims)
                         VALUES (${randomUUID()}, ${documentId}, ${versionId}, ${dims}, 't', 1, ${vector}::vector, 'm', ${dims})`;
    expect(await failure(insert(384, "[1,2,3]"))).toMatch(/chunks_embedding_dims_check|expected 384 dimensions/);
    expect(await insert(3, "[1,2,3]")).toBe(1);
  });
});
