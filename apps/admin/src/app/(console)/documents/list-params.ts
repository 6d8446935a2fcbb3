/**
 * The documents list's filters and sort as URL search params (so a filtered list can be bookmarked and shared),
 * and as `documents.list` input. Unknown or malformed values are dropped, never sent.
 */
export const DOCUMENTS_PAGE_SIZE = 50;

export const FILTER_KEYS = ["q", "status", "source", "group", "tag", "from", "to", "sort", "dir"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const STATUSES = new Set(["pending", "processing", "ready", "failed"]);
const SORTS = new Set(["updated", "title", "created"]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Status = "pending" | "processing" | "ready" | "failed";

/** `from`/`to` are days (the admin's own calendar days are close enough for a filter: taken as UTC). */
export function listInputFromParams(params: URLSearchParams) {
  const get = (key: FilterKey) => params.get(key)?.trim() || undefined;
  const status = get("status");
  const sort = get("sort");
  const dir = get("dir");
  const from = get("from");
  const to = get("to");
  const updatedAfter = from && DAY.test(from) ? new Date(`${from}T00:00:00.000Z`) : undefined;
  // The end day is included: before the start of the next day.
  const updatedBefore = to && DAY.test(to) ? new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000) : undefined;
  const rangeOk = !updatedAfter || !updatedBefore || updatedAfter < updatedBefore;
  return {
    limit: DOCUMENTS_PAGE_SIZE,
    ...(get("q") ? { query: get("q") } : {}),
    ...(status && STATUSES.has(status) ? { status: status as Status } : {}),
    ...(get("source") ? { source: get("source") } : {}),
    ...(get("group") ? { group: get("group") } : {}),
    ...(get("tag") ? { tag: get("tag") } : {}),
    ...(rangeOk && updatedAfter && !Number.isNaN(updatedAfter.getTime()) ? { updatedAfter } : {}),
    ...(rangeOk && updatedBefore && !Number.isNaN(updatedBefore.getTime()) ? { updatedBefore } : {}),
    sort: (sort && SORTS.has(sort) ? sort : "updated") as "updated" | "title" | "created",
    ...(dir === "asc" || dir === "desc" ? { dir: dir as "asc" | "desc" } : {}),
  };
}
