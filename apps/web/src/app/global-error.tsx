"use client";

import { Button } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { StatusMessage } from "@lore/ui/status-message";
import { useEffect } from "react";

import { ErrorReference } from "~/components/error-details";

import "./globals.css";

/** Replaces the whole document when the root layout itself fails. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <html lang="en">
      <body>
        <title>Something went wrong · Lore</title>
        <CenteredPage productName="Lore" className="max-w-md">
          <StatusMessage
            eyebrow="Error"
            title="Lore is having trouble"
            actions={<Button onClick={() => retry()}>Try again</Button>}
          >
            The page could not be loaded. Try again in a moment; if it keeps happening, tell your administrator.
            <ErrorReference error={error} />
          </StatusMessage>
        </CenteredPage>
      </body>
    </html>
  );
}
