import "server-only";

import { createAuth } from "@lore/api/auth";

import { env } from "~/env";

/** better-auth for this app, mounted at /api/auth. Sessions are shared with the admin console. */
export const auth = createAuth({ baseURL: env.WEB_URL });
