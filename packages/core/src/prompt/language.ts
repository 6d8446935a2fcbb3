/** The question's language: detecting it, naming it for the model, and the localised "not found" answer. */
import { words } from "./text";

// Letters only Vietnamese writes among the languages Lore expects: ă đ ĩ ơ ũ ư and the Latin Extended
// Additional block's vowels with a dot below, a hook above or stacked marks (ạ ả ấ ầ … ỹ).
const VIETNAMESE_ONLY = /[ăđĩơũưĂĐĨƠŨƯ\u1EA0-\u1EF9]/u;
// Any letter of the Vietnamese alphabet that carries a mark (also à é ô …, which French or Spanish share).
const VIETNAMESE_MARKED = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu;

/**
 * "vi" when the text reads as Vietnamese, else "en". Vietnamese when a word that does not start with a capital
 * holds a letter only Vietnamese uses (so a name such as "Nguyễn Văn An" in an English question does not count),
 * or when at least 40% of the words carry Vietnamese marks (short questions such as "Còn HR?"). Vietnamese typed
 * without diacritics reads as English: there is nothing simple to tell it by.
 */
export function detectLanguage(text: string): "vi" | "en" {
  const all = words(text);
  if (all.some((w) => w[0] === w[0]!.toLowerCase() && VIETNAMESE_ONLY.test(w))) return "vi";
  const marked = all.filter((w) => VIETNAMESE_MARKED.test(w)).length;
  return all.length > 0 && marked / all.length >= 0.4 ? "vi" : "en";
}

/** Whether a language tag means Vietnamese ("vi", "vi-VN"). */
export function isVietnamese(language: string): boolean {
  return /^vi(?:-|_|$)/i.test(language.trim());
}

/** The language's name in English, for the system prompt's "answer in …" line: "Vietnamese (tiếng Việt)", "German". */
export function languageName(language: string): string {
  const tag = language.trim();
  if (isVietnamese(tag)) return "Vietnamese (tiếng Việt)";
  if (tag === "") return "English";
  try {
    return new Intl.DisplayNames("en", { type: "language", fallback: "none" }).of(tag) ?? tag;
  } catch {
    return tag; // not a language tag: a name such as "Japanese" passes through
  }
}

export interface RefusalOptions {
  /** The nearest documents the search found, best first: offered for the reader to open. */
  suggestions: Array<{ title: string; url?: string | null }>;
}

const REFUSAL = {
  en: {
    notFound: "I couldn't find an answer to this in the knowledge base.",
    suggestions: "These documents came closest and may still help:",
    noSuggestions: "Try asking in other words, or check with the team responsible for the topic.",
  },
  vi: {
    notFound: "Tôi không tìm thấy câu trả lời cho câu hỏi này trong kho tài liệu.",
    suggestions: "Những tài liệu sau gần với câu hỏi nhất và có thể giúp ích cho bạn:",
    noSuggestions: "Bạn có thể thử hỏi theo cách khác, hoặc liên hệ bộ phận phụ trách vấn đề này.",
  },
};

/**
 * The answer when the knowledge base does not hold one, in the question's language (Vietnamese for "vi…",
 * English otherwise), as Markdown: one sentence, then the nearest documents as a list (a link when the
 * document has an http(s) or site-relative address).
 */
export function refusalText(language: string, { suggestions }: RefusalOptions): string {
  const text = isVietnamese(language) ? REFUSAL.vi : REFUSAL.en;
  if (suggestions.length === 0) return `${text.notFound} ${text.noSuggestions}`;
  const items = suggestions.map(({ title, url }) => `- ${suggestionLink(title, url)}`);
  return `${text.notFound}\n\n${text.suggestions}\n\n${items.join("\n")}`;
}

function suggestionLink(title: string, url: string | null | undefined): string {
  const label =
    title
      .replace(/[\\[\]*_`<>]/g, (c) => `\\${c}`)
      .replace(/\s+/g, " ")
      .trim() || "Untitled";
  if (!url || !/^(?:https?:\/\/|\/(?!\/))/i.test(url)) return label;
  return `[${label}](${url.replace(/[\s()<>]/g, percentEncode)})`;
}

/** `(` → `%28`: encodeURIComponent leaves parentheses alone, and they would end a Markdown link. */
function percentEncode(c: string): string {
  return c === "(" ? "%28" : c === ")" ? "%29" : encodeURIComponent(c);
}
