"use client";

import { GlobalErrorPage, type ErrorBoundaryProps } from "@lore/next/error-pages";

import "./globals.css";

/** Replaces the whole document when the root layout itself fails. */
export default function GlobalError(props: ErrorBoundaryProps) {
  return <GlobalErrorPage {...props} productName="Lore Admin" title="The admin console is having trouble" />;
}
