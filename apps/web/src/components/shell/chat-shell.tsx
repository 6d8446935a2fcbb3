"use client";

import { SignOutButton } from "@lore/next/sign-out-button";
import { Badge } from "@lore/ui/badge";
import { LogoMark } from "@lore/ui/logo";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";

import { ConversationList } from "~/components/conversations/conversation-list";
import { CloseIcon, MenuIcon, PlusIcon } from "~/components/icons";

export interface ChatShellProps {
  user: { name: string; email: string; role: "employee" | "admin" };
  /** The admin console's URL, for admins only. */
  adminUrl: string | null;
  children: ReactNode;
}

const linkClass =
  "flex h-9 items-center gap-2 rounded-md px-3 text-sm font-medium text-muted transition-colors hover:bg-surface-muted hover:text-fg " +
  "aria-[current=page]:bg-accent-soft aria-[current=page]:text-accent-soft-fg";

/**
 * The signed-in frame: a sidebar (new chat, the person's conversations, settings) beside the page. Below the
 * `md` breakpoint the sidebar is a modal drawer (a native <dialog>: focus is kept inside, Esc closes it).
 */
export function ChatShell({ user, adminUrl, children }: ChatShellProps) {
  const t = useTranslations("common");
  const drawer = useRef<HTMLDialogElement>(null);
  // The drawer's copy of the sidebar exists only while it is open: no duplicate ids, landmarks or queries.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const pathname = usePathname();

  // Navigating from the drawer closes it.
  useEffect(() => drawer.current?.close(), [pathname]);
  // Open the modal once its content is rendered, so focus lands inside it.
  useEffect(() => {
    if (drawerOpen && drawer.current && !drawer.current.open) drawer.current.showModal();
  }, [drawerOpen]);

  const sidebar = (
    <div className="flex h-full min-h-0 flex-col gap-3 p-3">
      <div className="flex items-center gap-2 px-1 pt-1">
        <Link href="/" className="flex items-center gap-2 rounded-md" data-testid="product-name">
          <LogoMark />
          <span className="text-base font-semibold tracking-tight text-fg">{t("productName")}</span>
        </Link>
      </div>
      <Link
        href="/"
        className="flex h-10 items-center justify-center gap-2 rounded-lg bg-accent px-3 text-sm font-medium text-accent-fg hover:bg-accent-hover"
        data-testid="new-chat"
      >
        <PlusIcon />
        {t("nav.newChat")}
      </Link>
      <ConversationList />
      <div className="mt-auto flex flex-col gap-1 border-t border-border pt-3">
        <Link
          href="/settings"
          className={linkClass}
          aria-current={pathname === "/settings" ? "page" : undefined}
          data-testid="nav-settings"
        >
          {t("nav.settings")}
        </Link>
        {adminUrl ? (
          <a href={adminUrl} className={linkClass} data-testid="nav-admin">
            {t("nav.adminConsole")}
          </a>
        ) : null}
        <div className="flex items-center gap-2 px-3 pt-2 text-sm">
          <span className="sr-only">{t("signedInAs")}</span>
          <span className="min-w-0 flex-1 truncate font-medium text-fg" title={`${user.name} <${user.email}>`} data-testid="user-name">
            {user.name}
          </span>
          <Badge variant={user.role === "admin" ? "accent" : "neutral"} data-testid="user-role">
            {t(`roles.${user.role}`)}
          </Badge>
        </div>
        <SignOutButton labels={{ button: t("signOut.button"), failed: t("signOut.failed") }} className="flex items-center gap-2 px-3" />
      </div>
    </div>
  );

  return (
    <div className="flex h-dvh min-h-0" data-testid="app-shell">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:shadow-lg"
      >
        {t("skipToContent")}
      </a>
      <nav aria-label={t("nav.label")} className="hidden w-72 shrink-0 border-r border-border bg-surface md:block" data-testid="sidebar">
        {sidebar}
      </nav>
      <dialog
        ref={drawer}
        onClose={() => setDrawerOpen(false)}
        aria-label={t("nav.label")}
        className="m-0 h-dvh max-h-dvh w-[85vw] max-w-80 bg-surface p-0 text-fg backdrop:bg-black/40 md:hidden"
        data-testid="drawer"
      >
        <button
          type="button"
          onClick={() => drawer.current?.close()}
          className="absolute top-3 right-3 flex size-9 items-center justify-center rounded-md text-muted hover:bg-surface-muted"
          aria-label={t("nav.closeMenu")}
        >
          <CloseIcon />
        </button>
        {drawerOpen ? sidebar : null}
      </dialog>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-2 border-b border-border bg-surface px-3 py-2 md:hidden">
          <button
            type="button"
            onClick={() => setDrawerOpen(true)}
            className="flex size-10 items-center justify-center rounded-md text-fg hover:bg-surface-muted"
            aria-label={t("nav.openMenu")}
            data-testid="open-menu"
          >
            <MenuIcon />
          </button>
          <span className="font-semibold">{t("productName")}</span>
          <Link
            href="/"
            className="ml-auto flex h-10 items-center rounded-md px-3 text-sm font-medium text-accent"
            data-testid="new-chat-mobile"
          >
            {t("nav.newChat")}
          </Link>
        </header>
        <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-y-auto outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
