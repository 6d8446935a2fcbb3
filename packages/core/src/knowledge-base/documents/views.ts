/**
 * The knowledge base as administrators and readers see it: documents, their versions and chunks, who may read
 * them (ingestion jobs: job-views.ts). Framework-free; the tRPC router validates input, checks the
 * caller's role and calls these.
 *
 * Administration functions (list, get, versions, chunks, delete, setAccess) show every document: admins
 * manage access. Reading content as a user goes through {@link viewDocument}, which applies the same access
 * rule as retrieval ({@link visibleDocumentSql}).
 */
import { Prisma, type DocumentStatus, type PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../../audit/record";
import { visibleDocumentSql } from "../access";
import { LoreError } from "../../errors/lore-error";
import { locatePassage } from "./passage";

export class DocumentError extends LoreError<"NOT_FOUND" | "UNKNOWN_GROUP" | "BAD_CURSOR"> {
  override readonly name = "DocumentError";
  constructor(code: "NOT_FOUND" | "UNKNOWN_GROUP" | "BAD_CURSOR", message: string) {
    super(code, code === "NOT_FOUND" ? "not_found" : "bad_request", message);
  }
}

const NOT_FOUND_MESSAGE = "That document does not exist (or you may not read it).";

export type DocumentSort = "updated" | "title" | "created";

export interface ListDocumentsParams {
  status?: DocumentStatus;
  source?: string;
  tag?: string;
  /** Only documents readable by this group (by name). */
  group?: string;
  /** Last changed at or after / before these instants. */
  updatedAfter?: Date;
  updatedBefore?: Date;
  /** Case-insensitive substring of the title. */
  query?: string;
  /** Default: updated, descending (most recently changed first). */
  sort?: DocumentSort;
  dir?: "asc" | "desc";
  limit?: number;
  /** The `nextCursor` of the previous page (of the same sort). */
  cursor?: string;
}

const documentSummarySelect = {
  id: true,
  source: true,
  externalId: true,
  title: true,
  url: true,
  mimeType: true,
  status: true,
  error: true,
  tags: true,
  language: true,
  createdAt: true,
  updatedAt: true,
  currentVersion: { select: { id: true, version: true, byteSize: true, createdAt: true } },
  accessGroups: { select: { group: { select: { id: true, name: true } } }, orderBy: { group: { name: "asc" } } },
} satisfies Prisma.DocumentSelect;

type DocumentSummaryRow = Prisma.DocumentGetPayload<{ select: typeof documentSummarySelect }>;

function toSummary({ accessGroups, ...doc }: DocumentSummaryRow) {
  return { ...doc, groups: accessGroups.map((a) => a.group) };
}

export type DocumentSummary = ReturnType<typeof toSummary>;

const SORT_FIELDS = { updated: "updatedAt", title: "title", created: "createdAt" } as const;

/**
 * Where a page of documents ends: the last one's sort key and id, in the cursor itself. Not the document's id
 * alone (Prisma's cursor), because the key can move (a document changed or renamed meanwhile): a page that
 * continued from it would start over (duplicates), and from one deleted meanwhile would come back empty. The
 * cursor names its sort, so one given out for another order is refused rather than misread.
 */
export function documentCursor(
  doc: { updatedAt: Date; createdAt?: Date; title?: string; id: string },
  sort: DocumentSort = "updated",
): string {
  const key = sort === "title" ? doc.title! : (sort === "created" ? doc.createdAt! : doc.updatedAt).toISOString();
  return Buffer.from(JSON.stringify([sort, key, doc.id]), "utf8").toString("base64url");
}

function parseDocumentCursor(cursor: string, sort: DocumentSort): { key: Date | string; id: string } {
  const bad = () => new DocumentError("BAD_CURSOR", "That page cursor is not one this list gave out. Reload the list.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort) throw bad();
  const [, key, id] = parsed as unknown[];
  if (typeof key !== "string" || typeof id !== "string" || id === "") throw bad();
  if (sort === "title") return { key, id };
  const at = new Date(key);
  if (Number.isNaN(at.getTime())) throw bad();
  return { key: at, id };
}

/**
 * Documents filtered and sorted, `limit` per page, keyset-paged on (sort key, id): each page is one index-friendly
 * query however deep the admin pages.
 */
export async function listDocuments(db: PrismaClient, params: ListDocumentsParams = {}) {
  const limit = params.limit ?? 50;
  const sort = params.sort ?? "updated";
  const dir = params.dir ?? (sort === "title" ? "asc" : "desc");
  const field = SORT_FIELDS[sort];
  const after = params.cursor === undefined ? null : parseDocumentCursor(params.cursor, sort);
  const beyond = dir === "asc" ? "gt" : "lt";
  const where: Prisma.DocumentWhereInput = {
    ...(params.status ? { status: params.status } : {}),
    ...(params.source ? { source: params.source } : {}),
    ...(params.tag ? { tags: { has: params.tag } } : {}),
    ...(params.group ? { accessGroups: { some: { group: { name: params.group } } } } : {}),
    ...(params.updatedAfter || params.updatedBefore
      ? {
          updatedAt: {
            ...(params.updatedAfter ? { gte: params.updatedAfter } : {}),
            ...(params.updatedBefore ? { lt: params.updatedBefore } : {}),
          },
        }
      : {}),
    ...(params.query ? { title: { contains: params.query, mode: "insensitive" } } : {}),
    // After the cursor in (key, id) order; AND, so it never replaces the updated range above.
    ...(after ? { AND: [{ OR: [{ [field]: { [beyond]: after.key } }, { [field]: after.key, id: { [beyond]: after.id } }] }] } : {}),
  };
  const rows = await db.document.findMany({
    where,
    orderBy: [{ [field]: dir }, { id: dir }],
    take: limit + 1,
    select: documentSummarySelect,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(toSummary), nextCursor: rows.length > limit ? documentCursor(page.at(-1)!, sort) : null };
}

/** One document with its metadata, groups and counts, or NOT_FOUND. */
export async function getDocument(db: PrismaClient, id: string) {
  const doc = await db.document.findUnique({
    where: { id },
    select: {
      ...documentSummarySelect,
      createdBy: { select: { id: true, name: true, email: true } },
      _count: { select: { versions: true, chunks: true } },
    },
  });
  if (!doc) throw new DocumentError("NOT_FOUND", NOT_FOUND_MESSAGE);
  const { _count, ...rest } = doc;
  return { ...toSummary(rest), createdBy: rest.createdBy, versionCount: _count.versions, chunkCount: _count.chunks };
}

/**
 * A document's versions, newest first, `limit` per page (every re-import and reindex adds one, and old ones are
 * kept for citations), with each one's chunk count and whether it is the current one. `beforeVersion`: the
 * previous page's `nextBeforeVersion` (version numbers never change, so the pages never overlap).
 */
export async function listVersions(db: PrismaClient, params: { documentId: string; limit?: number; beforeVersion?: number }) {
  const limit = params.limit ?? 50;
  const doc = await db.document.findUnique({ where: { id: params.documentId }, select: { currentVersionId: true } });
  if (!doc) throw new DocumentError("NOT_FOUND", NOT_FOUND_MESSAGE);
  const rows = await db.documentVersion.findMany({
    where: { documentId: params.documentId, ...(params.beforeVersion === undefined ? {} : { version: { lt: params.beforeVersion } }) },
    orderBy: { version: "desc" },
    take: limit + 1,
    select: {
      id: true,
      version: true,
      title: true,
      contentHash: true,
      byteSize: true,
      createdAt: true,
      _count: { select: { chunks: true } },
    },
  });
  const page = rows
    .slice(0, limit)
    .map(({ _count, ...v }) => ({ ...v, chunkCount: _count.chunks, isCurrent: v.id === doc.currentVersionId }));
  return { items: page, nextBeforeVersion: rows.length > limit ? page.at(-1)!.version : null };
}

/** The chunks of one version in order, `limit` per page (cursor = the last ordinal seen). */
export async function listChunks(db: PrismaClient, params: { versionId: string; limit?: number; afterOrdinal?: number }) {
  const limit = params.limit ?? 100;
  const version = await db.documentVersion.findUnique({ where: { id: params.versionId }, select: { id: true } });
  if (!version) throw new DocumentError("NOT_FOUND", "That version does not exist.");
  const rows = await db.chunk.findMany({
    where: { documentVersionId: params.versionId, ...(params.afterOrdinal === undefined ? {} : { ordinal: { gt: params.afterOrdinal } }) },
    orderBy: [{ ordinal: "asc" }, { embeddingModel: "asc" }],
    take: limit + 1,
    select: { id: true, ordinal: true, text: true, headingPath: true, tokenCount: true, embeddingModel: true, embeddingDims: true },
  });
  if (rows.length <= limit) return { items: rows, nextOrdinal: null };
  // While a re-embedding runs an ordinal has a row per model: a page ends between ordinals, never inside
  // one, or the next page (after that ordinal) would skip the rest of it.
  const cut = rows[limit]!.ordinal;
  let page = rows.slice(0, limit).filter((r) => r.ordinal !== cut);
  if (page.length === 0) {
    page = await db.chunk.findMany({
      where: { documentVersionId: params.versionId, ordinal: cut },
      orderBy: { embeddingModel: "asc" },
      select: { id: true, ordinal: true, text: true, headingPath: true, tokenCount: true, embeddingModel: true, embeddingDims: true },
    });
  }
  return { items: page, nextOrdinal: page.at(-1)!.ordinal };
}

/** Deletes a document with its versions and chunks, and records who did it. */
export async function removeDocument(db: PrismaClient, id: string, actor: AuditEntry["actor"]): Promise<{ id: string }> {
  const doc = await db.document.findUnique({ where: { id }, select: { id: true, title: true, source: true, externalId: true } });
  if (!doc) throw new DocumentError("NOT_FOUND", NOT_FOUND_MESSAGE);
  // The delete and its audit entry together: a delete is never left unaudited. The delete cascades to every
  // version, chunk and posting, which for a very large document takes longer than Prisma's default 5 s limit
  // for a transaction (and, on the embedded server, may first wait for a running import statement).
  await db.$transaction(
    async (tx) => {
      if ((await tx.document.deleteMany({ where: { id } })).count === 0) throw new DocumentError("NOT_FOUND", NOT_FOUND_MESSAGE);
      await recordAudit(tx, {
        actor,
        action: "document.deleted",
        targetType: "document",
        targetId: id,
        data: { title: doc.title, source: doc.source, externalId: doc.externalId },
      });
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
  return { id };
}

/**
 * Replaces a document's groups (`[]` = everyone may read it) and/or tags, in one short transaction with its
 * audit entry. Unknown group names are an error and change nothing.
 */
export async function setDocumentAccess(
  db: PrismaClient,
  params: { id: string; groups?: string[]; tags?: string[] },
  actor: AuditEntry["actor"],
): Promise<DocumentSummary> {
  const groupNames = params.groups === undefined ? undefined : [...new Set(params.groups.map((g) => g.trim()).filter(Boolean))];
  const tags = params.tags === undefined ? undefined : [...new Set(params.tags.map((t) => t.trim()).filter(Boolean))];
  // Reads first, outside the transaction (which must stay short on the single-session embedded server).
  const groups =
    groupNames === undefined
      ? undefined
      : await db.group.findMany({ where: { name: { in: groupNames } }, select: { id: true, name: true } });
  const missing = groupNames?.filter((n) => !groups!.some((g) => g.name === n)) ?? [];
  if (missing.length > 0) {
    throw new DocumentError(
      "UNKNOWN_GROUP",
      `Unknown group${missing.length > 1 ? "s" : ""}: ${missing.map((n) => `"${n}"`).join(", ")}. Nothing was changed.`,
    );
  }
  return db.$transaction(async (tx) => {
    const before = await tx.document.findUnique({
      where: { id: params.id },
      select: { tags: true, accessGroups: { select: { group: { select: { name: true } } } } },
    });
    if (!before) throw new DocumentError("NOT_FOUND", NOT_FOUND_MESSAGE);
    if (groups !== undefined) {
      await tx.documentAccess.deleteMany({ where: { documentId: params.id } });
      await tx.documentAccess.createMany({ data: groups.map((g) => ({ documentId: params.id, groupId: g.id })) });
    }
    const doc = await tx.document.update({
      where: { id: params.id },
      data: tags === undefined ? {} : { tags },
      select: documentSummarySelect,
    });
    await recordAudit(tx, {
      actor,
      action: "document.access_changed",
      targetType: "document",
      targetId: params.id,
      data: {
        before: { groups: before.accessGroups.map((a) => a.group.name).sort(), tags: before.tags },
        after: { groups: doc.accessGroups.map((a) => a.group.name), tags: doc.tags },
      },
    });
    return toSummary(doc);
  });
}

/**
 * A document's content and metadata for a reader, or NOT_FOUND when it does not exist, is not indexed yet, or
 * `userId` may not read it — the same answer in every case, so existence is not leaked.
 *
 * `versionId`: show that (past) version instead of the current one; a version of another document is NOT_FOUND.
 * `chunkId`: also locate that chunk's passage in the shown version (`passage`, null when the chunk is not one of
 * this document's or cannot be found): the viewer highlights it.
 */
export async function viewDocument(
  db: PrismaClient,
  params: { id: string; userId: string | null; versionId?: string | null; chunkId?: string | null },
) {
  const versionId = params.versionId ?? null;
  // One statement, the access check in it: a document restricted (or deleted) a moment ago cannot slip
  // through between a check and a read.
  const [row] = await db.$queryRaw<
    {
      id: string;
      title: string;
      url: string | null;
      source: string;
      mime_type: string;
      tags: string[];
      updated_at: Date;
      current_version_id: string;
      current_version: number;
      version_id: string;
      version: number;
      version_title: string;
      content: string;
      version_created_at: Date;
    }[]
  >`
    SELECT d.id, d.title, d.url, d.source, d.mime_type, d.tags, d.updated_at,
           d.current_version_id, cv.version AS current_version,
           v.id AS version_id, v.version, v.title AS version_title, v.content, v.created_at AS version_created_at
    FROM documents d
    JOIN document_versions cv ON cv.id = d.current_version_id
    JOIN document_versions v ON v.document_id = d.id AND v.id = COALESCE(${versionId}::text, d.current_version_id)
    WHERE d.id = ${params.id} AND ${visibleDocumentSql(params.userId)}`;
  if (!row) throw new DocumentError("NOT_FOUND", NOT_FOUND_MESSAGE);
  // Only a chunk of this document (of any of its versions) is located; anyone else's is ignored.
  const chunk = params.chunkId
    ? await db.chunk.findFirst({ where: { id: params.chunkId, documentId: row.id }, select: { id: true, text: true, headingPath: true } })
    : null;
  const range = chunk ? locatePassage(row.content, chunk.text, chunk.headingPath) : null;
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    source: row.source,
    mimeType: row.mime_type,
    tags: row.tags,
    updatedAt: row.updated_at,
    version: { id: row.version_id, number: row.version, title: row.version_title, createdAt: row.version_created_at },
    currentVersion: { id: row.current_version_id, number: row.current_version },
    isCurrent: row.version_id === row.current_version_id,
    content: row.content,
    passage: chunk ? { chunkId: chunk.id, headingPath: chunk.headingPath, range } : null,
  };
}

/**
 * The current version of each of `ids` the user may read (the rest silently left out), to tell whether a
 * citation's document changed since the answer quoted it.
 */
export async function currentDocumentVersions(
  db: PrismaClient,
  params: { ids: readonly string[]; userId: string | null },
): Promise<Array<{ id: string; versionId: string }>> {
  if (params.ids.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string; version_id: string }[]>`
    SELECT d.id, d.current_version_id AS version_id
    FROM documents d
    WHERE d.id IN (${Prisma.join([...new Set(params.ids)])}) AND d.current_version_id IS NOT NULL
      AND ${visibleDocumentSql(params.userId)}
    ORDER BY d.id`;
  return rows.map((r) => ({ id: r.id, versionId: r.version_id }));
}

// ───────────────────────────── Ingestion jobs (progress) ─────────────────────────────
