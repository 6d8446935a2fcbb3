import "server-only";

import { createSessionHelpers } from "@lore/next/session";

import { auth } from "./auth";

export type { SignedInUser } from "@lore/next/session";

/** `getCurrentUser()` (or null) and `requireUser()` (or off to the sign-in page), for this request. */
export const { getCurrentUser, requireUser } = createSessionHelpers(auth);
