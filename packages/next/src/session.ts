import "server-only";

import type { Auth } from "@lore/api/auth";
import { parseRole, type Role } from "@lore/api/auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { loginPath, REQUEST_PATH_HEADER } from "./redirect";

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Session helpers for Server Components, bound to the app's better-auth instance. */
export function createSessionHelpers(auth: Auth) {
  /** The signed-in user for this request, or null. Cached per request, so layouts and pages can all ask. */
  const getCurrentUser = cache(async (): Promise<SignedInUser | null> => {
    const session = await auth.api.getSession({ headers: await headers() });
    if (!session) return null;
    return {
      id: session.user.id,
      name: session.user.name,
      email: session.user.email,
      role: parseRole((session.user as { role?: unknown }).role),
    };
  });

  /** The signed-in user; anyone else is sent to the sign-in page, and back here afterwards. */
  async function requireUser(): Promise<SignedInUser> {
    const user = await getCurrentUser();
    if (!user) redirect(loginPath((await headers()).get(REQUEST_PATH_HEADER)));
    return user;
  }

  return { getCurrentUser, requireUser };
}
