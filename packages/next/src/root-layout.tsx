import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "./trpc/react";

/** The root layout's metadata: the product's name in every title. */
export function rootMetadata({ productName, description }: { productName: string; description: string }): Metadata {
  return {
    title: { default: productName, template: `%s · ${productName}` },
    description,
    applicationName: productName,
    // An internal tool: keep it out of search engines even if it is reachable.
    robots: { index: false, follow: false },
  };
}

export const rootViewport: Viewport = {
  colorScheme: "light dark",
};

/** A colour scheme chosen by the person; "system" (or none) follows the operating system. */
export type ThemeChoice = "light" | "dark" | "system";

/**
 * The body of an app's root layout (the app keeps its metadata and its globals.css import).
 * `trpcSource` names the app in the `x-trpc-source` header of its tRPC requests; `lang` is the page's language and
 * `theme` the person's colour scheme (rendered on the server: no flash, no script).
 */
export async function RootLayout({
  trpcSource,
  lang = "en",
  theme = "system",
  children,
}: {
  trpcSource: string;
  lang?: string;
  theme?: ThemeChoice;
  children: ReactNode;
}) {
  // Every page is rendered per request: pages depend on the session, and the CSP nonce set in
  // src/proxy.ts can only be applied to scripts rendered for this request.
  await connection();
  return (
    <html lang={lang} data-theme={theme === "system" ? undefined : theme}>
      <body>
        <TRPCReactProvider source={trpcSource}>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
