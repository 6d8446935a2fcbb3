"use client";

import { ErrorPage, type ErrorBoundaryProps } from "@lore/next/error-pages";

export default function Error(props: ErrorBoundaryProps) {
  return (
    <ErrorPage {...props} productName="Lore Admin" homeLabel="Go to the dashboard">
      The console could not show this page. Try again; if it keeps happening, tell your administrator.
    </ErrorPage>
  );
}
