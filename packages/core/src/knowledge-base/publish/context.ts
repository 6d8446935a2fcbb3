/** What indexing one document works from: the request, resolved once (hash, text-search configuration, groups, tags). */
import { Prisma, type PrismaClient } from "@lore/db";
import { databaseError } from "../../errors/database";
import type { Embedder } from "../../embed/types";
import { contentHash } from "../../ingest/parse-file";
import type { ParsedDocument } from "../../ingest/types";
import { IndexingError } from "./indexing-error";

export interface IndexDocumentInput {
  /** Where the document came from ("upload", "wiki", a connector name). With `doc.externalId` it identifies the document. */
  source: string;
  doc: ParsedDocument;
  /**
   * Names of the groups allowed to read it. `[]` = everyone. `undefined` = a new document is public and an
   * existing one keeps its groups. Unknown names are an error (nothing is written): a typo must never make a
   * restricted document public.
   */
  groups?: string[];
  /** `undefined` keeps an existing document's tags (a new one gets none). */
  tags?: string[];
  createdById?: string | null;
  /**
   * Re-chunk and re-embed even when the content hash is unchanged (a reindex): a new version with the same
   * content is built beside the current one and swapped in, so citations of the old version keep resolving.
   */
  force?: boolean;
  /**
   * Only if this is still the document's current version when the import gets its turn (see the claim in the
   * file comment); otherwise nothing is written and the current version is returned as "unchanged". For a
   * reindex, which rebuilds a version from its stored text: a newer version published meanwhile stays.
   */
  ifCurrentVersion?: string;
}

export interface IndexDocumentDeps {
  embedder: Embedder;
  /** Target chunk size in tokens (the chunker's default otherwise). */
  chunkTokens?: number;
  /** Chunks per INSERT statement. */
  batchSize?: number;
  /** Where to report what does not fail the import (a re-embedding's target model that could not embed it yet). */
  log?: (message: string) => void;
}

export interface IndexDocumentResult {
  documentId: string;
  /** The current version after the call (the existing one when unchanged). */
  versionId: string;
  version: number;
  /**
   * "unchanged": same content hash (and text-search configuration) as the current version, so no new version.
   * If `groups`/`tags` or the url were given and differ from the stored ones they are still updated (one short
   * transaction): re-importing a file with `--group hr` must restrict it even when its text did not change.
   */
  status: "created" | "updated" | "unchanged";
  chunks: number;
}

/** Full-text configurations we build `tsv` with. Stored in `documents.language` (see {@link textSearchConfig}). */
export type TextSearchConfig = "english" | "simple";

/**
 * The Postgres text-search configuration for a document language. Only languages Postgres ships a stemmer
 * for AND that we have tested map to their own config; everything else (Vietnamese, unknown) uses `simple`
 * (lower-cased words, no stemming, no stop words), which is correct for any language, only less forgiving.
 */
export function textSearchConfig(language: string | undefined): TextSearchConfig {
  return language === "en" ? "english" : "simple";
}

export interface PublishContext {
  db: PrismaClient;
  input: IndexDocumentInput;
  deps: IndexDocumentDeps;
  hash: string;
  tsConfig: TextSearchConfig;
  groups: { ids: string[]; names: string[] } | undefined;
  tags: string[] | undefined;
}

export async function publishContext(db: PrismaClient, input: IndexDocumentInput, deps: IndexDocumentDeps): Promise<PublishContext> {
  const tags = input.tags === undefined ? undefined : [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];
  return {
    db,
    input,
    deps,
    hash: contentHash(input.doc),
    tsConfig: textSearchConfig(input.doc.language),
    groups: await resolveGroups(db, input.groups),
    tags,
  };
}

/** The document as stored, with its current version and access groups; null when it does not exist yet. */
export function readExisting(ctx: PublishContext) {
  return ctx.db.document.findUnique({
    where: { source_externalId: { source: ctx.input.source, externalId: ctx.input.doc.externalId } },
    include: { currentVersion: { select: { id: true, version: true } }, accessGroups: { select: { groupId: true } } },
  });
}

export type ExistingDocument = NonNullable<Awaited<ReturnType<typeof readExisting>>>;

export function isUniqueViolation(error: unknown): boolean {
  // P2002 from Prisma's own queries; raw queries report the database's code (23505).
  return (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || databaseError(error)?.code === "23505";
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

async function resolveGroups(db: PrismaClient, names: string[] | undefined): Promise<{ ids: string[]; names: string[] } | undefined> {
  if (names === undefined) return undefined;
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length === 0) return { ids: [], names: [] };
  const found = await db.group.findMany({ where: { name: { in: wanted } }, select: { id: true, name: true } });
  const missing = wanted.filter((n) => !found.some((g) => g.name === n));
  if (missing.length > 0) {
    throw new IndexingError(
      "UNKNOWN_GROUP",
      `Unknown group${missing.length > 1 ? "s" : ""}: ${missing.map((n) => `"${n}"`).join(", ")}. Create ${missing.length > 1 ? "them" : "it"} first (admin › Groups) or check the spelling; nothing was imported.`,
    );
  }
  return { ids: found.map((g) => g.id), names: found.map((g) => g.name) };
}

/**
 * Replaces a document's access groups (meant for a transaction batch), when `condition` holds (by default
 * always). `[]` makes it public.
 */
export function accessWrites(db: PrismaClient, documentId: string, groupIds: string[], condition: Prisma.Sql = Prisma.sql`TRUE`) {
  return [
    db.$executeRaw`DELETE FROM document_access WHERE document_id = ${documentId} AND ${condition}`,
    db.$executeRaw`INSERT INTO document_access (document_id, group_id)
      SELECT ${documentId}, g FROM unnest(${groupIds}::text[]) g WHERE ${condition} ON CONFLICT DO NOTHING`,
  ];
}
