"use client";

import { ErrorPage, type ErrorBoundaryProps } from "@lore/next/error-pages";

export default function Error(props: ErrorBoundaryProps) {
  return (
    <ErrorPage {...props} productName="Lore" homeLabel="Go to the start page">
      Lore could not show this page. Try again; if it keeps happening, tell your administrator.
    </ErrorPage>
  );
}
