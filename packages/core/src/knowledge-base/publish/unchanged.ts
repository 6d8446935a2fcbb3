import { accessWrites, sameSet, type ExistingDocument, type IndexDocumentResult, type PublishContext } from "./context";

/**
 * Step 1: the current version already has this content, so nothing is embedded. Groups, tags and the url are
 * still brought up to date (re-importing a file with `--group hr` must restrict it even when its text did not
 * change). Null when there is something to index: no current version, a forced reindex, or other content.
 */
export async function unchangedResult(
  ctx: PublishContext,
  current: ExistingDocument | null,
  options: { evenIfForced?: boolean } = {},
): Promise<IndexDocumentResult | null> {
  const { db, input, hash, tsConfig, groups, tags } = ctx;
  const { doc } = input;
  if (!current?.currentVersion) return null;
  // Another text-search configuration (the page now says it is English, or no longer does): its chunks' tsv
  // must be built again, so it is a change, whatever the hash says.
  const sameContent = current.contentHash === hash && current.language === tsConfig;
  if (!options.evenIfForced && (input.force || current.status !== "ready" || !sameContent)) return null;
  const groupsDiffer =
    groups !== undefined &&
    !sameSet(
      groups.ids,
      current.accessGroups.map((a) => a.groupId),
    );
  const tagsDiffer = tags !== undefined && !sameSet(tags, current.tags);
  // A page that moved with the same content: the url is updated in place (it is not part of the version). An
  // import that knows no url (a file from disk) leaves the known one.
  const urlDiffers = doc.url !== undefined && doc.url !== current.url;
  if (groupsDiffer || tagsDiffer || urlDiffers) {
    const metadata = { ...(tagsDiffer ? { tags } : {}), ...(urlDiffers ? { url: doc.url } : {}) };
    await db.$transaction([
      ...(tagsDiffer || urlDiffers ? [db.document.update({ where: { id: current.id }, data: metadata })] : []),
      ...(groupsDiffer ? accessWrites(db, current.id, groups.ids) : []),
    ]);
  }
  const chunks = await db.chunk.count({ where: { documentVersionId: current.currentVersion.id, embeddingModel: ctx.deps.embedder.id } });
  return {
    documentId: current.id,
    versionId: current.currentVersion.id,
    version: current.currentVersion.version,
    status: "unchanged",
    chunks,
  };
}
