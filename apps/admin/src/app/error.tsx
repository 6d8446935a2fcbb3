"use client";

import { Button } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { StatusMessage } from "@lore/ui/status-message";
import Link from "next/link";
import { useEffect } from "react";

import { ErrorReference } from "~/components/error-details";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <CenteredPage productName="Lore Admin" className="max-w-md">
      <StatusMessage
        eyebrow="Error"
        title="Something went wrong"
        data-testid="error-page"
        actions={
          <>
            <Button onClick={() => retry()}>Try again</Button>
            <Link href="/" className="text-sm font-medium text-accent hover:underline">
              Go to the dashboard
            </Link>
          </>
        }
      >
        The console could not show this page. Try again; if it keeps happening, tell your administrator.
        <ErrorReference error={error} />
      </StatusMessage>
    </CenteredPage>
  );
}
