"use client";

import dynamic from "next/dynamic";
import { useState, type ComponentType } from "react";

import type { MarkdownProps } from "@lore/ui/markdown";

// The Markdown renderer (react-markdown, GFM, the sanitiser) is about a fifth of the chat page's JavaScript and
// nothing on an empty chat needs it: it loads after the page is interactive (preloadMarkdown) and is in place
// before a first answer streams in. Server-rendered answers (a conversation's page) go through next/dynamic,
// which renders them on the server and loads the chunk before hydrating them.
let loaded: ComponentType<MarkdownProps> | null = null;
let loading: Promise<ComponentType<MarkdownProps>> | null = null;
const load = () => (loading ??= import("@lore/ui/markdown").then((m) => (loaded = m.Markdown)));

const DynamicMarkdown = dynamic(load);

/** Fetches the renderer's chunk ahead of need (call once the page is idle). */
export function preloadMarkdown(): void {
  void load();
}

/**
 * The renderer once its chunk is here, else next/dynamic's. Chosen once per mount: an answer mounted after the
 * preload renders its first words in the same frame instead of waiting for a Suspense round trip, and an answer
 * hydrated from the server's HTML keeps the component the server used.
 */
export function LazyMarkdown(props: MarkdownProps) {
  const [Ready] = useState(() => (typeof window === "undefined" ? null : loaded));
  return Ready ? <Ready {...props} /> : <DynamicMarkdown {...props} />;
}
