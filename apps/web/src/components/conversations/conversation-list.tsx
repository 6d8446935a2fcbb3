"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { createPortal } from "react-dom";

import { ConversationItem } from "./conversation-item";
import { ConversationSearch } from "./conversation-search";
import { deletedNotice } from "./deleted-notice";
import { errorKind } from "./error-words";
import { updateCachedLists, type ConversationSummary } from "./list-cache";
import { UndoToast } from "./undo-toast";

const PAGE_SIZE = 30;
const SEARCH_DELAY_MS = 250;

/** The open conversation's id, from /c/<id>. */
function openConversationId(pathname: string): string | null {
  const match = /^\/c\/([^/]+)/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/**
 * The person's conversations in the sidebar (and again in the phone drawer): newest first, a page at a time,
 * searchable, renamable, deletable with undo. The chat refreshes it by invalidating `conversations.list`.
 */
export function ConversationList() {
  const t = useTranslations("conversations");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const currentId = openConversationId(pathname);
  const headingId = useId();
  const root = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);

  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const list = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(query ? { limit: PAGE_SIZE, query } : { limit: PAGE_SIZE }, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // While a new search runs, the previous results stay (no skeleton flashing at every keystroke).
      placeholderData: keepPreviousData,
    }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = query !== "";

  // The list is rendered twice (sidebar, phone drawer); the one inside the drawer shows its notice there, since
  // a modal drawer makes the rest of the page inert.
  const [inDrawer, setInDrawer] = useState<boolean | null>(null);
  useEffect(() => setInDrawer(Boolean(root.current?.closest("dialog"))), []);

  const [deleteFailed, setDeleteFailed] = useState(false);
  const remove = useMutation(
    trpc.conversations.delete.mutationOptions({
      onMutate: async ({ id }) => {
        setDeleteFailed(false);
        const listKey = trpc.conversations.list.pathKey();
        await queryClient.cancelQueries({ queryKey: listKey });
        const before = queryClient.getQueriesData({ queryKey: listKey });
        updateCachedLists(queryClient, listKey, (rows) => rows.filter((c) => c.id !== id));
        return { before };
      },
      onError: (_error, _input, context) => {
        for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
        setDeleteFailed(true);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() }),
    }),
  );

  function deleteConversation(conversation: ConversationSummary) {
    const wasOpen = conversation.id === currentId;
    const focusNext = root.current?.contains(document.activeElement) ?? false;
    const links = [...(root.current?.querySelectorAll<HTMLElement>("[data-testid=conversation-link]") ?? [])];
    const index = items.findIndex((c) => c.id === conversation.id);
    remove.mutate(
      { id: conversation.id },
      {
        onSuccess: () => {
          deletedNotice.show({ id: conversation.id, title: conversation.title, wasOpen });
          if (wasOpen) router.push("/");
        },
      },
    );
    // Keyboard users keep their place: focus moves to the next conversation (or the one before, or the search).
    if (focusNext) {
      const neighbour = links[index + 1] ?? links[index - 1];
      (neighbour ?? searchInput.current)?.focus();
    }
  }

  const loadMore = useRef<HTMLButtonElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  // Scrolling to the end of the list loads the next page; the button does the same for keyboards.
  useEffect(() => {
    const button = loadMore.current;
    if (!button || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const toastClass = inDrawer
    ? "absolute inset-x-3 bottom-3 z-10"
    : // Hidden while a modal dialog (the phone drawer) is open: that one's own copy shows it.
      "fixed inset-x-4 bottom-4 z-50 md:right-auto md:w-72 [body:has(dialog[open])_&]:hidden";
  const toast = inDrawer === null ? null : <UndoToast className={toastClass} />;

  return (
    <div ref={root} className="flex min-h-0 flex-1 flex-col gap-2" data-testid="conversation-list">
      <ConversationSearch value={search} onChange={setSearch} busy={list.isFetching && searching} inputRef={searchInput} />
      <div className="-mx-1 min-h-0 flex-1 overflow-y-auto px-1">
        <h2 id={headingId} className="px-3 pt-1 pb-1 text-xs font-semibold text-muted">
          {t("heading")}
        </h2>
        {deleteFailed ? (
          <p role="alert" className="mx-1 mb-2 rounded-md bg-danger-soft px-2 py-1.5 text-xs text-danger-soft-fg">
            {t("deleted.failed")}
          </p>
        ) : null}
        {list.isPending ? (
          <ListSkeleton label={t("loading")} />
        ) : list.isError && items.length === 0 ? (
          <div
            role="alert"
            className="mx-1 flex flex-col items-start gap-2 rounded-md bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg"
            data-testid="conversations-error"
          >
            <p>
              {t("errors.title")} {t(`errors.${listErrorKind(list.error)}`)}
            </p>
            <Button size="sm" variant="secondary" onClick={() => void list.refetch()} loading={list.isFetching}>
              {t("errors.retry")}
            </Button>
          </div>
        ) : items.length === 0 ? (
          searching ? (
            <p className="px-3 py-2 text-sm text-muted" data-testid="conversations-no-matches">
              {t("search.noMatches", { query })}
            </p>
          ) : (
            <div className="px-3 py-2 text-sm" data-testid="conversations-empty">
              <p className="font-medium text-fg">{t("empty.title")}</p>
              <p className="mt-1 text-muted">{t("empty.description")}</p>
            </div>
          )
        ) : (
          <ul aria-labelledby={headingId} className="flex flex-col gap-0.5">
            {items.map((conversation) => (
              <ConversationItem
                key={conversation.id}
                conversation={conversation}
                current={conversation.id === currentId}
                onDelete={deleteConversation}
              />
            ))}
          </ul>
        )}
        {/* Announces how many conversations a search found, once it has. */}
        <p role="status" className="sr-only">
          {searching && !list.isFetching && !list.isError ? t("search.results", { count: items.length }) : ""}
        </p>
        {hasNextPage ? (
          <Button
            ref={loadMore}
            variant="ghost"
            size="sm"
            className="mt-1 w-full"
            onClick={() => void fetchNextPage()}
            loading={isFetchingNextPage}
            data-testid="conversation-load-more"
          >
            {isFetchingNextPage ? t("loadingMore") : t("loadMore")}
          </Button>
        ) : null}
      </div>
      {toast && (inDrawer ? toast : createPortal(toast, document.body))}
    </div>
  );
}

function listErrorKind(error: unknown): "network" | "session" | "server" {
  const kind = errorKind(error);
  return kind === "network" || kind === "session" ? kind : "server";
}

function ListSkeleton({ label }: { label: string }) {
  return (
    <div role="status" className="flex flex-col gap-1.5 px-1 pt-1" data-testid="conversations-loading">
      <span className="sr-only">{label}</span>
      {/* Classes, not style attributes: the CSP (style-src with a nonce) drops server-rendered style attributes. */}
      {["w-[85%]", "w-[65%]", "w-[75%]", "w-[55%]", "w-[70%]"].map((width) => (
        <div key={width} aria-hidden className={`h-8 rounded-md bg-surface-muted motion-safe:animate-pulse ${width}`} />
      ))}
    </div>
  );
}
