/**
 * The employee app's languages. The person's choice is a cookie (set in settings); without one, the browser's
 * Accept-Language picks the first language we have; English otherwise.
 */
export const LOCALES = ["en", "vi"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "lore-locale";

/** Each namespace is a file, messages/<locale>/<namespace>.json, so parts of the app keep their strings apart. */
export const NAMESPACES = ["common", "chat", "conversations", "docs", "settings"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export function isLocale(value: string | undefined | null): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? "");
}

/**
 * The first of our languages in an Accept-Language header, by quality (`vi-VN;q=0.9` counts as `vi`); null if none.
 * Hand-written: a dozen lines, where a negotiation library would bring more than it saves.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split("-")[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? null;
}
