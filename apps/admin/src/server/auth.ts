import "server-only";

import { createAuth } from "@lore/api/auth";

import { env } from "~/env";

/** better-auth for the admin console, mounted at /api/auth. Sessions are shared with the employee app. */
export const auth = createAuth({ baseURL: env.ADMIN_URL });
