import { createFinetuneHandler } from "@lore/api/exports";

import { env } from "~/env";
import { auth } from "~/server/auth";

/**
 * GET /api/exports/finetune?file=train|validation&seed=…&ratio=…&sources=1: one file of the fine-tuning data set
 * as JSONL, streamed and audited (packages/api/src/exports). Admins only, from the console's own pages.
 */
export const GET = createFinetuneHandler({ auth, origin: env.ADMIN_URL });
