/** getNextPageParam for the API's cursor pages ({ items, nextCursor }), shared by server prefetches and client queries. */
export function nextPageCursor(page: { nextCursor: string | null }): string | undefined {
  return page.nextCursor ?? undefined;
}
