import { createLoreAuthClient } from "@lore/api/auth/client";

/** The browser's better-auth client, talking to the current app's own /api/auth. */
export const authClient = createLoreAuthClient();
