/** One page of a cursor-paged list, as the API returns it. */
export type CursorPage<T> = { items: readonly T[]; nextCursor: string | null };

/** getNextPageParam for cursor pages; plain (no "use client") so server prefetches can use it too. */
export function nextPageCursor(page: { nextCursor: string | null }): string | undefined {
  return page.nextCursor ?? undefined;
}

/** The rows of all pages loaded so far, in order. */
export function pagedRows<T>(pages: readonly CursorPage<T>[]): T[] {
  return pages.flatMap((page) => page.items);
}
