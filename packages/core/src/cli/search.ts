import type { PrismaClient } from "@lore/db";
import type { Embedder } from "../embed/types";
import { search, type SearchMode, type SearchResult } from "../retrieve/search";
import { CliError } from "./errors";

export interface SearchCommandOptions {
  as?: string;
  k: number;
  mode: SearchMode;
}

/** Resolves `--as EMAIL` to a user id (case-insensitive); no email = anonymous (public documents only). */
export async function resolveUser(db: PrismaClient, email: string | undefined): Promise<{ id: string; email: string } | null> {
  if (email === undefined) return null;
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { id: true, email: true } });
  if (!user) throw new CliError(`No user with the email "${email}". Check the address (admin › Users), or omit --as to search public documents only.`);
  return user;
}

export async function runSearch(db: PrismaClient, query: string, options: SearchCommandOptions, deps: { embedder: Embedder }) {
  if (query.trim() === "") throw new CliError("The query is empty.");
  const user = await resolveUser(db, options.as);
  const results = await search(db, { query, userId: user?.id ?? null, k: options.k, mode: options.mode }, deps);
  return { query, as: user?.email ?? null, mode: options.mode, k: options.k, results };
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
