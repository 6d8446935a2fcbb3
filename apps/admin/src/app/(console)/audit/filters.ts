/**
 * The audit page's filters as they sit in the URL (shareable, kept on reload): `action` (an action or a family
 * ending with "."), `actorEmail`, `actorId`, `targetType`, `targetId`, and `from` / `to` as days (YYYY-MM-DD,
 * both included). Days become instants in the admin's own time zone, in the browser.
 */
export interface AuditUrlFilters {
  action?: string;
  actorEmail?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

const KEYS = ["action", "actorEmail", "actorId", "targetType", "targetId", "from", "to"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Params = { get(name: string): string | null };

/** The filters in a query string; empty values and malformed days are left out. */
export function readAuditFilters(params: Params): AuditUrlFilters {
  const filters: AuditUrlFilters = {};
  for (const key of KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if ((key === "from" || key === "to") && !DAY.test(value)) continue;
    filters[key] = value;
  }
  return filters;
}

/** The query string for these filters ("" when none). */
export function auditFiltersQuery(filters: AuditUrlFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** A day's start in the browser's time zone. */
function startOfDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** The filters as `admin.audit.list` (and the CSV route) take them: `to` is the start of the day after. */
export function auditQueryInput(filters: AuditUrlFilters) {
  const to = filters.to ? startOfDay(filters.to) : undefined;
  to?.setDate(to.getDate() + 1);
  return {
    actions: filters.action ? [filters.action] : undefined,
    actorEmail: filters.actorEmail,
    actorId: filters.actorId,
    targetType: filters.targetType,
    targetId: filters.targetId,
    from: filters.from ? startOfDay(filters.from) : undefined,
    to,
  };
}

/** The CSV download's address for these filters. */
export function auditCsvHref(filters: AuditUrlFilters): string {
  const input = auditQueryInput(filters);
  const params = new URLSearchParams();
  for (const action of input.actions ?? []) params.append("action", action);
  if (input.actorEmail) params.set("actorEmail", input.actorEmail);
  if (input.actorId) params.set("actorId", input.actorId);
  if (input.targetType) params.set("targetType", input.targetType);
  if (input.targetId) params.set("targetId", input.targetId);
  if (input.from) params.set("from", input.from.toISOString());
  if (input.to) params.set("to", input.to.toISOString());
  const query = params.toString();
  return `/api/exports/audit${query ? `?${query}` : ""}`;
}

/** Whether a date filter is set: those depend on the browser's time zone, so the server does not prefetch them. */
export function hasDayFilter(filters: AuditUrlFilters): boolean {
  return Boolean(filters.from || filters.to);
}
