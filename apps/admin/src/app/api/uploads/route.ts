import { createUploadHandler } from "@lore/api/uploads";

import { env } from "~/env";
import { auth } from "~/server/auth";

/**
 * POST /api/uploads: admins upload files as multipart/form-data, stored as they arrive and queued for import
 * (packages/api/src/uploads/handler.ts). Only from the console's own origin.
 */
export const POST = createUploadHandler({ auth, origin: env.ADMIN_URL });
