import type { PrismaClient } from "@lore/db";
import type { Embedder } from "../../embed/types";
import { parseFile } from "../../ingest/parse-file";
import { indexDocument } from "./publish";

const EXTENSION_BY_MIME: Record<string, string> = {
  "text/html": ".html",
  "text/plain": ".txt",
  "text/markdown": ".md",
};

export interface PendingResult {
  indexed: number;
  failed: number;
}

/**
 * Indexes documents stored but never indexed (status "pending"): the demo pages the seed writes on
 * first start, which hold their raw Markdown/HTML as version 1. Each becomes a searchable version
 * through the normal path (parse → chunk → embed → atomic swap). A page that cannot be parsed is
 * marked failed with the reason; the others go on.
 */
export async function indexPendingDocuments(
  db: PrismaClient,
  deps: { embedder: Embedder; log?: (message: string) => void },
): Promise<PendingResult> {
  const log = deps.log ?? (() => {});
  const pending = await db.document.findMany({
    where: { status: "pending" },
    orderBy: { createdAt: "asc" },
    select: { id: true, source: true, externalId: true, mimeType: true, url: true, currentVersion: { select: { content: true } } },
  });
  const result: PendingResult = { indexed: 0, failed: 0 };
  for (const document of pending) {
    if (!document.currentVersion) continue;
    try {
      const name = `${document.externalId}${EXTENSION_BY_MIME[document.mimeType] ?? ".md"}`;
      const parsed = await parseFile({
        name,
        bytes: Buffer.from(document.currentVersion.content, "utf8"),
        externalId: document.externalId,
      });
      for (const doc of parsed.documents) {
        await indexDocument(
          db,
          { source: document.source, doc: { ...doc, url: doc.url ?? document.url ?? undefined } },
          { embedder: deps.embedder, log },
        );
      }
      result.indexed += 1;
    } catch (error) {
      result.failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      log(`could not index "${document.externalId}": ${message}`);
      await db.document.update({ where: { id: document.id }, data: { status: "failed", error: message } });
    }
  }
  return result;
}
