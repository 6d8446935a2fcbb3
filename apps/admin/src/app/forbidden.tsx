import { SignOutButton } from "@lore/next/sign-out-button";
import { buttonClassName } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { StatusMessage } from "@lore/ui/status-message";

import { env } from "~/env";
import { getCurrentUser } from "~/server/session";

/** Shown with HTTP 403 when a signed-in person without the admin role opens the console. */
export default async function Forbidden() {
  const user = await getCurrentUser();
  return (
    <CenteredPage productName="Lore Admin" className="max-w-md">
      <title>Access denied · Lore Admin</title>
      <StatusMessage
        eyebrow="403 · Access denied"
        title="You need the admin role"
        data-testid="forbidden"
        actions={
          <>
            <a href={env.WEB_URL} className={buttonClassName()} data-testid="forbidden-web-link">
              Go to Lore
            </a>
            <SignOutButton />
          </>
        }
      >
        Lore Admin is only for people with the admin role. Ask an existing admin to give you the role, or sign in with a different account.
        {user ? (
          <p className="mt-4 truncate text-xs" title={user.email}>
            Signed in as <span className="font-medium text-fg">{user.email}</span>
          </p>
        ) : null}
      </StatusMessage>
    </CenteredPage>
  );
}
