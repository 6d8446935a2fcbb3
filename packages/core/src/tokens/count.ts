/**
 * Token counting for every budget Lore keeps (chunk sizes now, the prompt's context window next), with
 * js-tiktoken directly: LangChain's own counting downloads BPE ranks at run time and hangs offline.
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200k_base from "js-tiktoken/ranks/o200k_base";

let encoder: Tiktoken | undefined;

// js-tiktoken merges byte pairs in time quadratic in the length of one pre-token, and a run without
// spaces is one pre-token: counting a 20 KB line of emoji or of base64 takes minutes. Such runs are
// counted in slices instead (linear; it over-counts slightly, which only makes chunks smaller).
const LONG_RUN = /\S{256,}|\s{256,}/gu;
const RUN_SLICE = 64;

/**
 * Number of o200k_base tokens in `text`. The encoder is built once (about a second) and reused.
 * Special-token strings such as `<|endoftext|>` in a document are counted as ordinary text instead of
 * making the encoder throw.
 */
export function countTokens(text: string): number {
  if (text === "") return 0;
  encoder ??= new Tiktoken(o200k_base);
  const enc = encoder;
  const exact = (part: string) => (part === "" ? 0 : enc.encode(part, [], []).length);
  let total = 0;
  let last = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    total += exact(text.slice(last, match.index));
    const chars = Array.from(match[0]);
    for (let i = 0; i < chars.length; i += RUN_SLICE) total += exact(chars.slice(i, i + RUN_SLICE).join(""));
    last = match.index + match[0].length;
  }
  return total + exact(text.slice(last));
}
