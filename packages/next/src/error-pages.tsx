"use client";

import { Button } from "@lore/ui/button";
import { CenteredPage } from "@lore/ui/centered-page";
import { ErrorReference } from "@lore/ui/error-reference";
import { StatusMessage } from "@lore/ui/status-message";
import Link from "next/link";
import { useEffect, type ReactNode } from "react";

/** What Next.js passes to error.tsx and global-error.tsx. */
export interface ErrorBoundaryProps {
  error: unknown;
  retry: () => void;
}

function useLogError(error: unknown) {
  useEffect(() => {
    console.error(error);
  }, [error]);
}

/** The body of app/error.tsx: a whole-page error with a way back to the start page. */
export function ErrorPage({
  error,
  retry,
  productName,
  homeLabel,
  children,
}: ErrorBoundaryProps & { productName: string; homeLabel: string; children: ReactNode }) {
  useLogError(error);
  return (
    <CenteredPage productName={productName} className="max-w-md">
      <StatusMessage
        eyebrow="Error"
        title="Something went wrong"
        data-testid="error-page"
        actions={
          <>
            <Button onClick={() => retry()}>Try again</Button>
            <Link href="/" className="text-sm font-medium text-accent hover:underline">
              {homeLabel}
            </Link>
          </>
        }
      >
        {children}
        <ErrorReference error={error} />
      </StatusMessage>
    </CenteredPage>
  );
}

/** The body of a signed-in route group's error.tsx: the header stays, so people can still navigate or sign out. */
export function SectionError({ error, retry, children }: ErrorBoundaryProps & { children: ReactNode }) {
  useLogError(error);
  return (
    <StatusMessage
      eyebrow="Error"
      title="Something went wrong"
      data-testid="error-page"
      actions={<Button onClick={() => retry()}>Try again</Button>}
    >
      {children}
      <ErrorReference error={error} />
    </StatusMessage>
  );
}

/** The body of app/global-error.tsx, which replaces the whole document when the root layout itself fails. */
export function GlobalErrorPage({ error, retry, productName, title }: ErrorBoundaryProps & { productName: string; title: string }) {
  useLogError(error);
  return (
    <html lang="en">
      <body>
        <title>{`Something went wrong · ${productName}`}</title>
        <CenteredPage productName={productName} className="max-w-md">
          <StatusMessage eyebrow="Error" title={title} actions={<Button onClick={() => retry()}>Try again</Button>}>
            The page could not be loaded. Try again in a moment; if it keeps happening, tell your administrator.
            <ErrorReference error={error} />
          </StatusMessage>
        </CenteredPage>
      </body>
    </html>
  );
}
