import { buttonClassName } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { StatusMessage } from "@lore/ui/status-message";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <CenteredPage productName="Lore Admin" className="max-w-md">
      <StatusMessage
        eyebrow="404"
        title="This page does not exist"
        data-testid="not-found"
        actions={
          <Link href="/" className={buttonClassName()}>
            Go to the dashboard
          </Link>
        }
      >
        The link may be mistyped, or the page may have moved.
      </StatusMessage>
    </CenteredPage>
  );
}
