"use client";

import { Button } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { ErrorReference } from "@lore/ui/error-reference";
import { StatusMessage } from "@lore/ui/status-message";
import type { ErrorBoundaryProps } from "@lore/next/error-pages";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

export default function Error({ error, retry }: ErrorBoundaryProps) {
  const t = useTranslations("common");
  useEffect(() => console.error(error), [error]);
  return (
    <CenteredPage productName={t("productName")} className="max-w-md">
      <StatusMessage
        title={t("error.title")}
        data-testid="error-page"
        actions={
          <>
            <Button onClick={() => retry()}>{t("error.retry")}</Button>
            <Link href="/" className="text-sm font-medium text-accent hover:underline">
              {t("notFound.back")}
            </Link>
          </>
        }
      >
        {t("error.description")}
        <ErrorReference error={error} />
      </StatusMessage>
    </CenteredPage>
  );
}
