import { RootLayout, rootMetadata, rootViewport } from "@lore/next/root-layout";
import { cookies } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";

import { THEME_COOKIE, themeFromCookie } from "~/i18n/theme";

import "./globals.css";

export const metadata = rootMetadata({ productName: "Lore", description: "Answers from your company's own documents." });
export const viewport = rootViewport;

export default async function Layout({ children }: { children: ReactNode }) {
  const [locale, theme] = await Promise.all([getLocale(), cookies().then((c) => themeFromCookie(c.get(THEME_COOKIE)?.value))]);
  return (
    <RootLayout trpcSource="lore-web" lang={locale} theme={theme}>
      {/* Client components get the request's language and all its messages (a few kilobytes). */}
      <NextIntlClientProvider>{children}</NextIntlClientProvider>
    </RootLayout>
  );
}
