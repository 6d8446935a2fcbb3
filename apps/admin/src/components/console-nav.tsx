"use client";

import { navItemClassName } from "@lore/ui/app-shell";
import Link from "next/link";
import { usePathname } from "next/navigation";

const items = [
  { href: "/", label: "Dashboard", testId: "nav-dashboard" },
  { href: "/documents", label: "Documents", testId: "nav-documents" },
  { href: "/examples", label: "Examples", testId: "nav-examples" },
  { href: "/feedback", label: "Feedback", testId: "nav-feedback" },
  { href: "/prompt", label: "Prompt", testId: "nav-prompt" },
  { href: "/inspector", label: "Inspector", testId: "nav-inspector" },
  { href: "/evaluations", label: "Evaluations", testId: "nav-evaluations" },
  { href: "/analytics", label: "Analytics", testId: "nav-analytics" },
  { href: "/users", label: "Users", testId: "nav-users" },
  { href: "/groups", label: "Groups", testId: "nav-groups" },
  { href: "/audit", label: "Audit log", testId: "nav-audit" },
  { href: "/exports", label: "Exports", testId: "nav-exports" },
] as const;

export function ConsoleNav() {
  const pathname = usePathname();
  return (
    <>
      {items.map((item) => {
        const current = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            className={navItemClassName}
            aria-current={current ? "page" : undefined}
            data-testid={item.testId}
          >
            {item.label}
          </Link>
        );
      })}
    </>
  );
}
