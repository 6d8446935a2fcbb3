import { RootLayout, rootMetadata, rootViewport } from "@lore/next/root-layout";
import type { ReactNode } from "react";

import "./globals.css";

export const metadata = rootMetadata({ productName: "Lore", description: "Answers from your company's own documents." });
export const viewport = rootViewport;

export default function Layout({ children }: { children: ReactNode }) {
  return <RootLayout trpcSource="lore-web">{children}</RootLayout>;
}
