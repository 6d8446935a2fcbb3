import { ingestLimits } from "../../env";

/** Most bytes one upload (all its files together) may carry (LORE_MAX_FILE_MB is at most this). */
export const MAX_UPLOAD_TOTAL_BYTES = 100 * 1024 * 1024;
/** Most files one upload may carry (a folder is better sent as one .zip). */
export const MAX_UPLOAD_FILES = 200;

export interface UploadLimits {
  /** Largest file. */
  maxFileBytes: number;
  /** Largest upload (all its files together). */
  maxUploadBytes: number;
  /** Most files in one upload. */
  maxFiles: number;
}

/** The limits of one upload: the configured per-file limit (LORE_MAX_FILE_MB), and the fixed ones above. */
export function uploadLimits(): UploadLimits {
  return { maxFileBytes: ingestLimits().maxFileBytes, maxUploadBytes: MAX_UPLOAD_TOTAL_BYTES, maxFiles: MAX_UPLOAD_FILES };
}

/** The source of documents uploaded through the admin console. */
export const UPLOAD_SOURCE = "upload";
