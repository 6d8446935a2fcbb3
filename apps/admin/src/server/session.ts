import "server-only";

import { parseRole, type Role } from "@lore/api/auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";

import { loginPath, REQUEST_PATH_HEADER } from "~/lib/redirect";

import { auth } from "./auth";

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** The signed-in user for this request, or null. Cached per request, so layouts and pages can all ask. */
export const getCurrentUser = cache(async (): Promise<SignedInUser | null> => {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  return {
    id: session.user.id,
    name: session.user.name,
    email: session.user.email,
    role: parseRole((session.user as { role?: unknown }).role),
  };
});

/**
 * The signed-in admin. Anyone not signed in is sent to the sign-in page (and back afterwards);
 * anyone signed in without the admin role gets the 403 page (app/forbidden.tsx) with HTTP status 403.
 * Called by the console layout and again by every page, since layouts are not re-run on client navigation.
 */
export async function requireAdmin(): Promise<SignedInUser> {
  const user = await getCurrentUser();
  if (!user) redirect(loginPath((await headers()).get(REQUEST_PATH_HEADER)));
  if (user.role !== "admin") forbidden();
  return user;
}
