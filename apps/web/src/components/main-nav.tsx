"use client";

import { navItemClassName } from "@lore/ui/app-shell";
import Link from "next/link";
import { usePathname } from "next/navigation";

export interface MainNavProps {
  /** The admin console's URL, shown to admins only. */
  adminUrl: string | null;
}

export function MainNav({ adminUrl }: MainNavProps) {
  const pathname = usePathname();
  return (
    <>
      <Link href="/" className={navItemClassName} aria-current={pathname === "/" ? "page" : undefined} data-testid="nav-ask">
        Ask Lore
      </Link>
      {adminUrl ? (
        <a href={adminUrl} className={navItemClassName} data-testid="nav-admin">
          Admin console
        </a>
      ) : null}
    </>
  );
}
