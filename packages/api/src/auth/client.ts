import { adminClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** The browser-side auth client. `baseURL` defaults to the current origin (each app serves /api/auth). */
export function createLoreAuthClient(baseURL?: string) {
  const client = createAuthClient({
    ...(baseURL ? { baseURL } : {}),
    basePath: "/api/auth",
    plugins: [adminClient()],
  });

  /**
   * Starts OpenID Connect single sign-on (provider id "sso", registered by the server through
   * better-auth's generic OAuth plugin): the browser is sent to the identity provider and comes back
   * to `callbackURL`. Resolves with an error message if it could not start.
   */
  async function signInWithSso(callbackURL: string): Promise<{ error: string | null }> {
    const { error } = await client.signIn.social({ provider: "sso", callbackURL });
    return { error: error ? (error.message ?? "Single sign-on is not available right now.") : null };
  }

  return Object.assign(client, { signInWithSso });
}

export type LoreAuthClient = ReturnType<typeof createLoreAuthClient>;
