import { buttonClassName } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { StatusMessage } from "@lore/ui/status-message";
import Link from "next/link";

/** The body of app/not-found.tsx. */
export function NotFoundPage({ productName, homeLabel }: { productName: string; homeLabel: string }) {
  return (
    <CenteredPage productName={productName} className="max-w-md">
      <StatusMessage
        eyebrow="404"
        title="This page does not exist"
        data-testid="not-found"
        actions={
          <Link href="/" className={buttonClassName()}>
            {homeLabel}
          </Link>
        }
      >
        The link may be mistyped, or the page may have moved.
      </StatusMessage>
    </CenteredPage>
  );
}
