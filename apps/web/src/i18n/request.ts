import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";

import { env } from "~/env";

import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "./locales";
import { loadMessages } from "./messages";

/** The person's language: their choice (cookie), else their browser's, else English. */
export async function requestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale,
    messages: await loadMessages(locale),
    // A missing translation is a bug: fail loudly outside production (tests and development), show the key in it.
    onError(error) {
      if (env.NODE_ENV !== "production") throw error;
      console.error(error);
    },
    getMessageFallback: ({ namespace, key }) => [namespace, key].filter(Boolean).join("."),
  };
});
