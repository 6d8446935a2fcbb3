import type { ReactNode } from "react";

import { Button } from "./button";
import { type CursorPage, pagedRows } from "./cursor-pages";

/** What PagedList needs of an infinite query over cursor pages; TanStack Query's result fits as is. */
export type PagedQuery<T> = {
  data: { pages: readonly CursorPage<T>[] };
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

export type PagedListProps<T> = {
  query: PagedQuery<T>;
  /** Renders the rows loaded so far (a table, a list…); not called when there are none. */
  children: (rows: T[]) => ReactNode;
  /** Shown instead of the rows and the footer when there are none. */
  empty: ReactNode;
  /** Above the rows, e.g. a search field. */
  header?: ReactNode;
  loadMoreLabel: ReactNode;
  loadMoreTestId?: string;
  /** Makes the footer a bar: this on the left, the button (or `end` after the last page) on the right. */
  summary?: (rows: T[]) => ReactNode;
  end?: ReactNode;
};

/** A list loaded a page at a time, with a "load more" button while there are more pages. */
export function PagedList<T>({ query, children, empty, header, loadMoreLabel, loadMoreTestId, summary, end }: PagedListProps<T>) {
  const rows = pagedRows(query.data.pages);
  const loadMore = query.hasNextPage ? (
    <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()} data-testid={loadMoreTestId}>
      {loadMoreLabel}
    </Button>
  ) : null;

  // Nothing to page through or count when the list is empty.
  let footer: ReactNode = null;
  if (rows.length > 0 && summary) {
    footer = (
      <div className="flex items-center justify-between text-sm text-muted">
        <span>{summary(rows)}</span>
        {loadMore ?? <span>{end}</span>}
      </div>
    );
  } else if (rows.length > 0 && loadMore) {
    footer = <div className="flex justify-center">{loadMore}</div>;
  }

  return (
    <div className="flex flex-col gap-4">
      {header}
      {rows.length === 0 ? empty : children(rows)}
      {footer}
    </div>
  );
}
