/** Condensing the conversation so far before it enters a prompt. */
import { countTokens } from "../tokens/count";
import { longestSentencePrefix, stripCitations, words } from "./text";
import type { HistoryTurn } from "./types";

export interface CondenseOptions {
  /** The most recent turns kept (a turn is one user or assistant message). */
  maxTurns: number;
  /** The most tokens one turn may keep; longer turns are shortened. */
  maxTokensPerTurn: number;
}

/**
 * The last `maxTurns` turns, each at most `maxTokensPerTurn` tokens: assistant turns lose their citation markers
 * (an old answer's [2] is not this prompt's source 2), and a long turn keeps its first whole sentences, or its
 * first words when even one sentence is too long, followed by "…". The assembly drops whole turns when the
 * budget needs it (assemble.ts); this only keeps one long turn from crowding out the rest.
 */
export function condenseHistory(turns: readonly HistoryTurn[], { maxTurns, maxTokensPerTurn }: CondenseOptions): HistoryTurn[] {
  const recent = maxTurns > 0 ? turns.slice(-maxTurns) : [];
  return recent.map(({ role, content }) => {
    const text = (role === "assistant" ? stripCitations(content) : content).trim();
    return { role, content: shorten(text, maxTokensPerTurn) };
  });
}

/** `text` within `maxTokens` tokens: whole sentences if possible, else whole words. */
export function shorten(text: string, maxTokens: number): string {
  const fits = (candidate: string) => countTokens(candidate) <= maxTokens;
  const kept = longestSentencePrefix(text, fits);
  if (kept !== null) return kept;
  // Not even one sentence fits: keep whole words (history, unlike a source, may be cut mid-sentence).
  let head = "";
  for (const word of words(text)) {
    const next = head === "" ? word : `${head} ${word}`;
    if (!fits(`${next} …`)) break;
    head = next;
  }
  return head === "" ? "…" : `${head} …`;
}
