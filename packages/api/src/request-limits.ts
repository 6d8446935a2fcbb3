import { MAX_UPLOAD_TOTAL_BYTES } from "@lore/core/knowledge-base";

const KB = 1024;
const MB = 1024 * KB;

/**
 * The largest request body each route accepts, enforced by the apps' server from the Content-Length before a
 * byte is read (@lore/next/server). Sign-in and session calls are small JSON; tRPC calls and pages get 1 MB;
 * only the two upload routes get the upload limit, in their own encodings.
 */
export const REQUEST_BODY_LIMITS = {
  auth: 64 * KB,
  other: 1 * MB,
  uploads: [
    // multipart/form-data: the files' bytes plus each part's headers and the form fields.
    { paths: ["/api/uploads"], maxBytes: MAX_UPLOAD_TOTAL_BYTES + 1 * MB },
    // JSON with base64 files: four bytes for every three, plus names, groups and tags.
    { trpcProcedures: ["documents.upload"], maxBytes: Math.ceil(MAX_UPLOAD_TOTAL_BYTES / 3) * 4 + 1 * MB },
  ],
} as const;
