import type { PrismaClient } from "@lore/db";
import type { Embedder } from "@lore/core/embed";
import { search, type SearchFilters, type SearchMode, type SearchResult } from "@lore/core/retrieve";
import { CliError } from "./errors";

export interface SearchCommandOptions {
  as?: string;
  k: number;
  mode: SearchMode;
  /** Only documents from these sources (`--source`, repeatable). */
  sources?: string[];
  /** Only documents carrying one of these tags (`--tag`, repeatable). */
  tags?: string[];
  /** Only documents last changed at or after (`--since`) / at or before (`--until`) this date or instant. */
  since?: string;
  until?: string;
}

/**
 * `--since` / `--until`: a day (YYYY-MM-DD, in UTC; the whole day counts, so `--until` takes its end) or an
 * ISO instant with its offset (2026-11-24T09:00:00Z, 2026-11-24T10:00+01:00). Nothing else: no local times,
 * no days that do not exist (2026-02-30), none of the loose forms JavaScript's Date would also read.
 */
export function parseDateOption(flag: string, value: string, end: boolean): Date {
  const text = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:\d{2}))?$/.exec(text);
  const [, y, m, d, time, offset] = match ?? [];
  const day = match ? new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))) : null;
  const dayExists =
    day !== null && day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(m) - 1 && day.getUTCDate() === Number(d);
  const date = time ? new Date(`${y}-${m}-${d}${time}${offset}`) : new Date(`${y}-${m}-${d}T${end ? "23:59:59.999" : "00:00:00.000"}Z`);
  if (!dayExists || Number.isNaN(date.getTime())) {
    throw new CliError(
      `${flag} "${value}" is not a date. Use YYYY-MM-DD (a whole day, UTC) or an ISO instant with its offset, such as 2026-11-24T09:00:00Z.`,
    );
  }
  return date;
}

/** The values of a repeatable option, trimmed, without empty ones or repeats. */
function values(list: string[] | undefined): string[] {
  return [...new Set((list ?? []).map((v) => v.trim()).filter((v) => v !== ""))];
}

/** The filters the options ask for (undefined when none). */
export function searchFilters(options: Pick<SearchCommandOptions, "sources" | "tags" | "since" | "until">): SearchFilters | undefined {
  const filters: SearchFilters = {};
  const sources = values(options.sources);
  const tags = values(options.tags);
  if (sources.length > 0) filters.sources = sources;
  if (tags.length > 0) filters.tags = tags;
  if (options.since !== undefined) filters.updatedAfter = parseDateOption("--since", options.since, false);
  if (options.until !== undefined) filters.updatedBefore = parseDateOption("--until", options.until, true);
  if (filters.updatedAfter && filters.updatedBefore && filters.updatedAfter > filters.updatedBefore) {
    throw new CliError("--since is after --until: no document could match.");
  }
  return Object.keys(filters).length > 0 ? filters : undefined;
}

/** Resolves `--as EMAIL` to a user id (case-insensitive); no email = anonymous (public documents only). */
export async function resolveUser(db: PrismaClient, email: string | undefined): Promise<{ id: string; email: string } | null> {
  if (email === undefined) return null;
  const user = await db.user.findFirst({
    where: { email: { equals: email.trim(), mode: "insensitive" } },
    select: { id: true, email: true },
  });
  if (!user)
    throw new CliError(
      `No user with the email "${email}". Check the address (admin › Users), or omit --as to search public documents only.`,
    );
  return user;
}

export async function runSearch(db: PrismaClient, query: string, options: SearchCommandOptions, deps: { embedder: Embedder }) {
  if (query.trim() === "") throw new CliError("The query is empty.");
  const filters = searchFilters(options);
  const user = await resolveUser(db, options.as);
  const results = await search(
    db,
    { query, userId: user?.id ?? null, k: options.k, mode: options.mode, ...(filters ? { filters } : {}) },
    deps,
  );
  return { query, as: user?.email ?? null, mode: options.mode, k: options.k, ...(filters ? { filters } : {}), results };
}

export function formatResults(results: SearchResult[]): string {
  if (results.length === 0) return "No results.";
  return results
    .map((r) => {
      const where = [r.title, ...r.headingPath.filter((h) => h !== r.title)].join(" › ");
      const scores = [`fused ${r.scores.fused.toFixed(4)}`];
      if (r.scores.vector !== undefined) scores.push(`vector ${r.scores.vector.toFixed(3)}`);
      if (r.scores.fulltext !== undefined) scores.push(`fulltext ${r.scores.fulltext.toFixed(3)}`);
      const snippet = r.text.replace(/\s+/g, " ").trim();
      return `${r.rank}. ${where}${r.url ? `  <${r.url}>` : ""}\n   ${scores.join(", ")}\n   ${snippet.length > 240 ? `${snippet.slice(0, 237)}…` : snippet}`;
    })
    .join("\n\n");
}
