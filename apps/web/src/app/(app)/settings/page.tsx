import { LORE_MODEL_ID } from "@lore/api/openai-compat";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";

import { ApiKeys } from "~/components/settings/api-keys";
import { Appearance } from "~/components/settings/appearance";
import { ExampleRequest } from "~/components/settings/example-request";
import { SettingsSignOut } from "~/components/settings/sign-out";
import { isLocale, DEFAULT_LOCALE } from "~/i18n/locales";
import { THEME_COOKIE, themeFromCookie } from "~/i18n/theme";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings");
  return { title: t("title") };
}

/** The address people reach this app at (behind a proxy too), for the example request. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}

export default async function SettingsPage() {
  prefetch(trpc.apiKeys.list.queryOptions());
  const [t, locale, theme, origin] = await Promise.all([
    getTranslations("settings"),
    getLocale(),
    cookies().then((c) => themeFromCookie(c.get(THEME_COOKIE)?.value)),
    requestOrigin(),
  ]);
  return (
    <HydrateClient>
      <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6 sm:px-8 sm:py-10" data-testid="settings-page">
        <header className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight text-fg">{t("title")}</h1>
          <p className="text-sm text-muted">{t("description")}</p>
        </header>

        <Card aria-labelledby="settings-keys">
          <CardHeader>
            <CardTitle id="settings-keys">{t("keys.title")}</CardTitle>
            <CardDescription>{t("keys.description")}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-6">
            <ApiKeys />
            <div className="flex flex-col gap-2 border-t border-border pt-5">
              <h3 className="text-sm font-semibold text-fg">{t("example.title")}</h3>
              <ExampleRequest origin={origin} model={LORE_MODEL_ID} />
            </div>
          </CardContent>
        </Card>

        <Card aria-labelledby="settings-appearance">
          <CardHeader>
            <CardTitle id="settings-appearance">{t("appearance.title")}</CardTitle>
          </CardHeader>
          <CardContent>
            <Appearance theme={theme} locale={isLocale(locale) ? locale : DEFAULT_LOCALE} />
          </CardContent>
        </Card>

        <Card aria-labelledby="settings-account">
          <CardHeader>
            <CardTitle id="settings-account">{t("account.title")}</CardTitle>
            <CardDescription>{t("account.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <SettingsSignOut />
          </CardContent>
        </Card>
      </div>
    </HydrateClient>
  );
}
