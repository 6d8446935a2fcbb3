import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "~/trpc/react";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Lore", template: "%s · Lore" },
  description: "Answers from your company's own documents.",
  applicationName: "Lore",
  // An internal tool: keep it out of search engines even if it is reachable.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: pages depend on the session, and the CSP nonce set in
  // src/proxy.ts can only be applied to scripts rendered for this request.
  await connection();
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
