"use client";

import { SectionError, type ErrorBoundaryProps } from "@lore/next/error-pages";

/** Errors inside the signed-in area keep the header, so people can still navigate or sign out. */
export default function SignedInError(props: ErrorBoundaryProps) {
  return (
    <SectionError {...props}>This part of Lore could not be shown. Try again; if it keeps happening, tell your administrator.</SectionError>
  );
}
