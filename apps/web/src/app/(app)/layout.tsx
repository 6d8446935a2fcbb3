import { SignOutButton } from "@lore/next/sign-out-button";
import { AppShell } from "@lore/ui/app-shell";
import Link from "next/link";
import type { ReactNode } from "react";

import { MainNav } from "~/components/main-nav";
import { env } from "~/env";
import { requireUser } from "~/server/session";

/** Everything inside requires a session: checked here, on the server, for every request. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <AppShell
      productName="Lore"
      linkComponent={Link}
      user={user}
      nav={<MainNav adminUrl={user.role === "admin" ? env.ADMIN_URL : null} />}
      signOut={<SignOutButton />}
    >
      {children}
    </AppShell>
  );
}
