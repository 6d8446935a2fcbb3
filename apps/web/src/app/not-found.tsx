import { NotFoundPage } from "@lore/next/not-found-page";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return <NotFoundPage productName="Lore" homeLabel="Go to Lore" />;
}
