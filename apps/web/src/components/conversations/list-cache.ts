import type { RouterOutputs } from "@lore/api";
import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";

type Page = RouterOutputs["conversations"]["list"];
export type ConversationSummary = Page["items"][number];

/**
 * Changes every cached page of every `conversations.list` query (the plain list and each search) at once, so a
 * deleted or renamed conversation changes everywhere before the server's answer comes back.
 */
export function updateCachedLists(
  queryClient: QueryClient,
  listKey: QueryKey,
  change: (items: ConversationSummary[]) => ConversationSummary[],
) {
  queryClient.setQueriesData<InfiniteData<Page> | Page>({ queryKey: listKey }, (data) => {
    if (!data) return data;
    if ("pages" in data) return { ...data, pages: data.pages.map((page) => ({ ...page, items: change(page.items) })) };
    return { ...data, items: change(data.items) };
  });
}
