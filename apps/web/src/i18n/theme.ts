import type { ThemeChoice } from "@lore/next/root-layout";

/** The person's colour scheme, remembered in a cookie so the server renders it (no flash of the wrong theme). */
export const THEME_COOKIE = "lore-theme";
export const THEMES: readonly ThemeChoice[] = ["system", "light", "dark"];

export function themeFromCookie(value: string | undefined): ThemeChoice {
  return THEMES.find((theme) => theme === value) ?? "system";
}
