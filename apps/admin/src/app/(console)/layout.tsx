import { SignOutButton } from "@lore/next/sign-out-button";
import { AppShell } from "@lore/ui/app-shell";
import Link from "next/link";
import type { ReactNode } from "react";

import { ConsoleNav } from "~/components/console-nav";
import { requireAdmin } from "~/server/session";

/** The console: admins only, checked on the server for every request (pages check again). */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireAdmin();
  return (
    <AppShell productName="Lore Admin" linkComponent={Link} user={user} nav={<ConsoleNav />} signOut={<SignOutButton />}>
      {children}
    </AppShell>
  );
}
