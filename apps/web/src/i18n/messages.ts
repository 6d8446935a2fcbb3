import type { Locale, Namespace } from "./locales";
import { NAMESPACES } from "./locales";

export type Messages = Record<Namespace, Record<string, unknown>>;

/** All namespaces of one language, as next-intl takes them: `{ chat: {...}, docs: {...} }`. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const entries = await Promise.all(
    NAMESPACES.map(async (ns) => [ns, (await import(`../../messages/${locale}/${ns}.json`)).default as Record<string, unknown>] as const),
  );
  return Object.fromEntries(entries) as Messages;
}
