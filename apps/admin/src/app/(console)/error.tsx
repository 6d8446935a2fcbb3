"use client";

import { Button } from "@lore/ui/button";
import { StatusMessage } from "@lore/ui/status-message";
import { useEffect } from "react";

import { ErrorReference } from "~/components/error-details";

/** Errors inside the signed-in area keep the header, so people can still navigate or sign out. */
export default function SignedInError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <StatusMessage
      eyebrow="Error"
      title="Something went wrong"
      data-testid="error-page"
      actions={<Button onClick={() => retry()}>Try again</Button>}
    >
      This part of the console could not be shown. Try again; if it keeps happening, tell your administrator.
      <ErrorReference error={error} />
    </StatusMessage>
  );
}
