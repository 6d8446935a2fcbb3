/**
 * Splitting a selection into uploads the server accepts (POST /api/uploads: at most 200 files and 100 MB per
 * request, core's limits in knowledge-base/imports/limits.ts), in the order chosen. Pure, for the upload panel.
 */
export const MAX_BATCH_FILES = 200;
export const MAX_BATCH_BYTES = 100 * 1024 * 1024;

export function batchFiles<T extends { size: number }>(files: readonly T[], maxFiles = MAX_BATCH_FILES, maxBytes = MAX_BATCH_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Bytes of each file sent so far, given the bytes of the whole request sent (the files go in order). */
export function bytesSentPerFile(sizes: readonly number[], loaded: number, total: number): number[] {
  // The request is a little larger than its files (the form's boundaries and fields): scale to the files.
  const fileBytes = sizes.reduce((a, b) => a + b, 0);
  let left = total > 0 ? Math.round((loaded / total) * fileBytes) : 0;
  return sizes.map((size) => {
    const sent = Math.min(size, Math.max(0, left));
    left -= size;
    return sent;
  });
}
