"use client";

import { Button } from "@lore/ui/button";
import { ErrorReference } from "@lore/ui/error-reference";
import { StatusMessage } from "@lore/ui/status-message";
import type { ErrorBoundaryProps } from "@lore/next/error-pages";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

/** Errors inside the signed-in area keep the sidebar, so people can still navigate or sign out. */
export default function SignedInError({ error, retry }: ErrorBoundaryProps) {
  const t = useTranslations("common");
  useEffect(() => console.error(error), [error]);
  return (
    <div className="mx-auto max-w-xl p-4 sm:p-8">
      <StatusMessage
        title={t("error.title")}
        data-testid="error-page"
        actions={<Button onClick={() => retry()}>{t("error.retry")}</Button>}
      >
        {t("error.description")}
        <ErrorReference error={error} />
      </StatusMessage>
    </div>
  );
}
