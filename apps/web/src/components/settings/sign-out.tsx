"use client";

import { SignOutButton } from "@lore/next/sign-out-button";
import { useTranslations } from "next-intl";

/** Sign out, in the person's language (the same session ends in both apps). */
export function SettingsSignOut() {
  const t = useTranslations("common");
  return <SignOutButton labels={{ button: t("signOut.button"), failed: t("signOut.failed") }} className="flex items-center gap-3" />;
}
