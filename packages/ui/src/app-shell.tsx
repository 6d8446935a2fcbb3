import type { ElementType, ReactNode } from "react";

import { Badge } from "./badge";
import { cn } from "./lib/cn";
import { LogoMark } from "./logo";

export type ShellRole = "employee" | "admin";

export type AppShellProps = {
  /** Shown in the header next to the mark, e.g. "Lore" or "Lore Admin". */
  productName: string;
  /** Where the product name links to. */
  homeHref?: string;
  /** The element used for links, e.g. Next's `Link`, so navigation stays client-side. */
  linkComponent?: ElementType;
  /** The signed-in person. */
  user: { name: string; email?: string; role: ShellRole };
  /** Navigation items (style them with `navItemClassName`, mark the current one with aria-current="page"). */
  nav?: ReactNode;
  /** The sign-out control. */
  signOut?: ReactNode;
  children: ReactNode;
  /** Extra classes for the main content area (its width, for instance). */
  mainClassName?: string;
};

const roleLabels: Record<ShellRole, string> = { employee: "Employee", admin: "Admin" };

/** Classes for a navigation item inside the shell's nav slot. */
export const navItemClassName =
  "inline-flex h-9 items-center rounded-md px-3 text-sm font-medium text-muted transition-colors " +
  "hover:bg-surface-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring " +
  "aria-[current=page]:bg-accent-soft aria-[current=page]:text-accent-soft-fg";

/** The signed-in page frame: header with product, navigation, the user and sign-out; then the page. */
export function AppShell({
  productName,
  homeHref = "/",
  linkComponent: LinkComponent = "a",
  user,
  nav,
  signOut,
  children,
  mainClassName,
}: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col" data-testid="app-shell">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:shadow-lg"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-border bg-surface/90 backdrop-blur supports-[backdrop-filter]:bg-surface/75">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <LinkComponent
            href={homeHref}
            className="flex items-center gap-2.5 rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-ring"
            data-testid="product-name"
          >
            <LogoMark />
            <span className="text-base font-semibold tracking-tight text-fg">{productName}</span>
          </LinkComponent>

          {nav ? (
            // A row of its own under the product and the user, its items wrapping onto a second line on a tablet or a
            // phone: the console has a dozen sections, and a sideways-scrolling strip hides some of them.
            <nav aria-label="Main" className="order-last -mx-1 flex w-full flex-wrap gap-1">
              {nav}
            </nav>
          ) : null}

          <div className="ml-auto flex items-center gap-3">
            <div className="flex min-w-0 items-center gap-2 text-sm">
              <span className="sr-only">Signed in as</span>
              {/* Narrow screens keep the header on one row: the name is then announced but not shown. */}
              <span
                className="sr-only font-medium text-fg sm:not-sr-only sm:max-w-[14rem] sm:truncate"
                title={user.email ? `${user.name} <${user.email}>` : user.name}
                data-testid="user-name"
              >
                {user.name}
              </span>
              <Badge variant={user.role === "admin" ? "accent" : "neutral"} data-testid="user-role">
                {roleLabels[user.role]}
              </Badge>
            </div>
            {signOut}
          </div>
        </div>
      </header>

      <main id="main" tabIndex={-1} className={cn("mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none sm:px-6", mainClassName)}>
        {children}
      </main>
    </div>
  );
}
