"use client";

import type { ThemeChoice } from "@lore/next/root-layout";
import { useTranslations } from "next-intl";

import { LOCALE_COOKIE, type Locale } from "~/i18n/locales";
import { THEME_COOKIE } from "~/i18n/theme";

import { PreferencePicker } from "./preference-picker";

/** The theme and language choices. Language names are written in their own language, as people look for them. */
export function Appearance({ theme, locale }: { theme: ThemeChoice; locale: Locale }) {
  const t = useTranslations("settings");
  return (
    <div className="flex flex-col gap-6">
      <PreferencePicker<ThemeChoice>
        legend={t("theme.legend")}
        description={t("theme.description")}
        cookie={THEME_COOKIE}
        value={theme}
        options={[
          { value: "light", label: t("theme.light") },
          { value: "dark", label: t("theme.dark") },
          { value: "system", label: t("theme.system") },
        ]}
        // "system" is no attribute at all: the stylesheet follows the operating system then.
        onApply={(next) => {
          if (next === "system") delete document.documentElement.dataset.theme;
          else document.documentElement.dataset.theme = next;
        }}
        testId="theme"
      />
      <PreferencePicker<Locale>
        legend={t("language.legend")}
        description={t("language.description")}
        cookie={LOCALE_COOKIE}
        value={locale}
        options={[
          { value: "en", label: "English", lang: "en" },
          { value: "vi", label: "Tiếng Việt", lang: "vi" },
        ]}
        testId="language"
      />
    </div>
  );
}
