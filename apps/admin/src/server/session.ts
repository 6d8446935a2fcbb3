import "server-only";

import { createSessionHelpers, type SignedInUser } from "@lore/next/session";
import { forbidden } from "next/navigation";

import { auth } from "./auth";

export type { SignedInUser };

/** `getCurrentUser()` (or null) and `requireUser()` (or off to the sign-in page), for this request. */
export const { getCurrentUser, requireUser } = createSessionHelpers(auth);

/**
 * The signed-in admin. Anyone not signed in is sent to the sign-in page (and back afterwards);
 * anyone signed in without the admin role gets the 403 page (app/forbidden.tsx) with HTTP status 403.
 * Called by the console layout and again by every page, since layouts are not re-run on client navigation.
 */
export async function requireAdmin(): Promise<SignedInUser> {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}
