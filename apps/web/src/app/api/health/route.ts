import { createHealthHandler } from "@lore/next/health-route";

import { auth } from "~/server/auth";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the app is up and reaches the database, 503 otherwise. No authentication. */
export const GET = createHealthHandler({ app: "web", auth });
