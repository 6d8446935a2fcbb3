// Documents, their versions and chunks, uploads, and the ingestion jobs that import them.
import { z } from "zod";
import { CONTROL_CHARACTER, MAX_SOURCE_CHARS, formatBytes } from "@lore/core/input-rules";
import { freeText, idSchema, tagSchema } from "./common";
import { groupNameSchema } from "./groups";

/**
 * What an upload is checked against. The server's limits are the configured ones (LORE_MAX_FILE_MB, see
 * `uploadLimits` in @lore/core/knowledge-base); a form validating before it sends must be given the same values.
 */
export interface UploadLimits {
  /** Largest file. */
  maxFileBytes: number;
  /** Largest upload (all files together). */
  maxUploadBytes: number;
  /** Most files in one upload. */
  maxFiles: number;
}

/** Bytes a base64 string decodes to (without decoding it). */
export function base64Size(data: string): number {
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

/**
 * Who may read uploaded documents, and their tags: `documents.upload`'s fields besides the files, and the form
 * fields of `POST /api/uploads` (the admin app's streamed upload).
 */
export const uploadAccessFields = {
  /**
   * Groups allowed to read the documents; `[]` = everyone. Left out, a new document is for everyone and a
   * document the upload updates keeps the groups it has: a new version of a restricted page must not make it
   * public because the uploader did not repeat its groups.
   */
  groups: z.array(groupNameSchema).max(50).optional(),
  /** The documents' tags; left out, as `groups`: none for a new document, kept for an existing one. */
  tags: z.array(tagSchema).max(50).optional(),
};

export const uploadAccessInput = z.object(uploadAccessFields);

/** The input of `documents.upload` under `limits`; every size message names the limit. */
export function uploadDocumentsInput(limits: UploadLimits) {
  return z
    .object({
      files: z
        .array(
          z
            .object({
              name: z
                .string()
                .trim()
                .min(1, "Every file needs a name.")
                .max(255)
                .refine((name) => !CONTROL_CHARACTER.test(name), "A file name must not contain control characters: rename the file."),
              /** The file's bytes, base64-encoded. */
              data: z.base64("A file's content must be base64-encoded."),
            })
            .superRefine((file, ctx) => {
              const size = base64Size(file.data);
              if (size > limits.maxFileBytes) {
                ctx.addIssue({
                  code: "custom",
                  path: ["data"],
                  message: `"${file.name}" is ${formatBytes(size)}, above the ${formatBytes(limits.maxFileBytes)} limit per file.`,
                });
              }
            }),
        )
        .min(1, "Choose at least one file.")
        .max(limits.maxFiles, `At most ${limits.maxFiles} files per upload: put them in a .zip.`),
      ...uploadAccessFields,
    })
    .refine((input) => input.files.reduce((sum, f) => sum + base64Size(f.data), 0) <= limits.maxUploadBytes, {
      message: `An upload can be at most ${formatBytes(limits.maxUploadBytes)} in total: send it in several batches.`,
      path: ["files"],
    });
}

export const documentStatusSchema = z.enum(["pending", "processing", "ready", "failed"]);

export const documentSortSchema = z.enum(["updated", "title", "created"]);
export const sortDirectionSchema = z.enum(["asc", "desc"]);

export const listDocumentsInput = z
  .object({
    status: documentStatusSchema.optional(),
    source: freeText(MAX_SOURCE_CHARS).pipe(z.string().min(1)).optional(),
    tag: tagSchema.optional(),
    /** Only documents this group may read. */
    group: groupNameSchema.optional(),
    /** Last changed at or after / before these instants. */
    updatedAfter: z.date().optional(),
    updatedBefore: z.date().optional(),
    query: freeText(200).optional(),
    sort: documentSortSchema.default("updated"),
    /** Default: newest first for dates, A to Z for titles. */
    dir: sortDirectionSchema.optional(),
    limit: z.number().int().min(1).max(100).default(50),
    /** The previous page's `nextCursor` (the last document's sort key and id). */
    cursor: z
      .string()
      .max(2000)
      .refine((cursor) => !CONTROL_CHARACTER.test(cursor), "That page cursor is not one this list gave out. Reload the list.")
      .optional(),
  })
  .refine((input) => !input.updatedAfter || !input.updatedBefore || input.updatedAfter < input.updatedBefore, {
    message: "The start of the updated range must come before its end.",
    path: ["updatedBefore"],
  });

export const documentIdInput = z.object({ id: idSchema });

export const listVersionsInput = z.object({
  id: idSchema,
  limit: z.number().int().min(1).max(100).default(50),
  /** The previous page's `nextBeforeVersion`. */
  beforeVersion: z.number().int().min(1).optional(),
});

export const listChunksInput = z.object({
  versionId: idSchema,
  limit: z.number().int().min(1).max(500).default(100),
  /** Chunks after this ordinal (the previous page's `nextOrdinal`). */
  afterOrdinal: z.number().int().min(-1).optional(),
});

export const setDocumentAccessInput = z
  .object({
    id: idSchema,
    /** Replaces the document's groups; [] makes it readable by everyone. Omit to keep them. */
    groups: z.array(groupNameSchema).max(50).optional(),
    /** Replaces the document's tags. Omit to keep them. */
    tags: z.array(tagSchema).max(50).optional(),
  })
  .refine((input) => input.groups !== undefined || input.tags !== undefined, { message: "Give groups, tags or both." });

export const runStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "canceled"]);

export const listJobsInput = z.object({
  status: runStatusSchema.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: idSchema.optional(),
});

export const jobIdInput = z.object({ id: idSchema });

/** `documents.view`: a document for its reader; optionally a past version and a cited chunk to highlight. */
export const viewDocumentInput = z.object({
  id: idSchema,
  /** A version of this document to show instead of the current one. */
  versionId: idSchema.optional(),
  /** A chunk whose passage to locate (a citation's); one of another document is ignored. */
  chunkId: idSchema.optional(),
});

/** `documents.currentVersions`: which of these documents changed since an answer quoted them. */
export const currentVersionsInput = z.object({
  ids: z.array(idSchema).min(1, "Give at least one document id.").max(50, "At most 50 document ids at a time."),
});

/** `documents.jobs.files`: an import job's files after `afterOrdinal`. */
export const jobFilesInput = z.object({
  id: idSchema,
  afterOrdinal: z.number().int().min(-1).optional(),
  limit: z.number().int().min(1).max(1000).default(500),
});

/** `documents.jobs.active`: the jobs still running and those of the last day. */
export const activeJobsInput = z.object({ limit: z.number().int().min(1).max(50).default(20) });

/** `documents.versionDiff`: what changed from one version of a document to another. */
export const versionDiffInput = z.object({ id: idSchema, fromVersionId: idSchema, toVersionId: idSchema });

/** `documents.citingAnswers`: the answers that cited a document, newest first. */
export const citingAnswersInput = z.object({
  id: idSchema,
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
