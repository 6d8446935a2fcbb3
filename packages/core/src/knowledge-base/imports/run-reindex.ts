import type { PrismaClient } from "@lore/db";
import { indexDocument } from "../publish/publish";
import { reindexInputSchema } from "./job-input";
import { recordFile, type JobRow } from "./progress";
import type { RunIngestionOptions } from "./job-input";

export async function runReindex(db: PrismaClient, job: JobRow, startedAt: Date, options: RunIngestionOptions): Promise<void> {
  if (job.filesDone + job.filesFailed > 0) return;
  const { documentId } = reindexInputSchema.parse(job.input);
  const doc = await db.document.findUnique({ where: { id: documentId }, include: { currentVersion: true } });
  if (!doc?.currentVersion) {
    await recordFile(db, job.id, 0, {
      failed: true,
      chunksTotal: 0,
      chunksEmbedded: 0,
      errors: [
        {
          code: "NOT_FOUND",
          file: documentId,
          message: "The document was deleted (or never finished indexing) before it could be reindexed.",
        },
      ],
    });
    return;
  }
  const version = doc.currentVersion;
  // An earlier attempt already swapped in the rebuilt version: only its progress is missing.
  const rebuilt = version.createdAt >= startedAt;
  const result = rebuilt
    ? {
        versionId: version.id,
        chunks: await db.chunk.count({ where: { documentVersionId: version.id, embeddingModel: options.embedder.id } }),
      }
    : await indexDocument(
        db,
        {
          source: doc.source,
          force: true,
          // A version published since this job read the stored text stays: rebuilding the older text would undo it.
          ifCurrentVersion: version.id,
          doc: {
            externalId: doc.externalId,
            title: version.title,
            text: version.content,
            mimeType: doc.mimeType,
            ...(doc.url ? { url: doc.url } : {}),
            ...(doc.language === "english" ? { language: "en" } : {}),
          },
        },
        { embedder: options.embedder, ...(options.log ? { log: options.log } : {}) },
      );
  await recordFile(db, job.id, 0, { failed: false, chunksTotal: result.chunks, chunksEmbedded: result.chunks, errors: [] });
}
