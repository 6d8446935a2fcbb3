import { RootLayout, rootMetadata, rootViewport } from "@lore/next/root-layout";
import type { ReactNode } from "react";

import "./globals.css";

export const metadata = rootMetadata({ productName: "Lore Admin", description: "Manage who can use Lore and what it knows." });
export const viewport = rootViewport;

export default function Layout({ children }: { children: ReactNode }) {
  return <RootLayout trpcSource="lore-admin">{children}</RootLayout>;
}
