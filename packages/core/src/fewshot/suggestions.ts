/**
 * Suggested questions for an empty chat: the questions of enabled few-shot examples the caller may be given
 * (the same SQL access rule as selection: an example linked to any document they may not read never shows),
 * pinned ones first, then those in the caller's language, then the most recently edited.
 */
import type { PrismaClient } from "@lore/db";
import { detectLanguage } from "../prompt/language";
import { usableExampleSql } from "./sql";

/** At most this many suggestions are returned. */
export const MAX_SUGGESTIONS = 6;

export interface SuggestedQuestion {
  id: string;
  question: string;
  pinned: boolean;
  language: "vi" | "en";
}

export interface ListSuggestionsParams {
  userId: string;
  /** The interface language: questions written in it come before the others (after pinned ones). */
  language?: "vi" | "en";
  /** Default and maximum {@link MAX_SUGGESTIONS}. */
  limit?: number;
}

interface Row {
  id: string;
  question: string;
  pinned: boolean;
}

export async function listSuggestions(db: Pick<PrismaClient, "$queryRaw">, params: ListSuggestionsParams): Promise<SuggestedQuestion[]> {
  const limit = Math.min(Math.max(params.limit ?? MAX_SUGGESTIONS, 1), MAX_SUGGESTIONS);
  // A few more than needed, so the language preference has something to choose from.
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id, e.question, e.pinned FROM few_shot_examples e
    WHERE e.enabled AND ${usableExampleSql(params.userId)}
    ORDER BY e.pinned DESC, e.updated_at DESC, e.id
    LIMIT ${limit * 4}`;
  const wanted = params.language;
  const rank = (s: SuggestedQuestion) => (s.pinned ? 0 : wanted && s.language === wanted ? 1 : 2);
  return rows
    .map((r) => ({ id: r.id, question: r.question, pinned: r.pinned, language: detectLanguage(r.question) }))
    .map((s, order) => ({ s, order }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.order - b.order)
    .slice(0, limit)
    .map(({ s }) => s);
}
