import { buttonClassName } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { StatusMessage } from "@lore/ui/status-message";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: t("notFound.title") };
}

/** Every 404 of the app, an unknown address or a document the person may not read alike: it reveals nothing. */
export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <CenteredPage productName={t("productName")} className="max-w-md">
      <StatusMessage
        eyebrow="404"
        title={t("notFound.title")}
        data-testid="not-found"
        actions={
          <Link href="/" className={buttonClassName()}>
            {t("notFound.back")}
          </Link>
        }
      >
        {t("notFound.description")}
      </StatusMessage>
    </CenteredPage>
  );
}
