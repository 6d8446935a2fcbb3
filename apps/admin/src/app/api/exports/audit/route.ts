import { createAuditCsvHandler } from "@lore/api/exports";

import { env } from "~/env";
import { auth } from "~/server/auth";

/**
 * GET /api/exports/audit: the audit log as CSV with the audit page's filters, streamed (packages/api/src/exports).
 * Admins only, from the console's own pages.
 */
export const GET = createAuditCsvHandler({ auth, origin: env.ADMIN_URL });
