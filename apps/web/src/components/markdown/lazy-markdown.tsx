"use client";

import dynamic from "next/dynamic";

// The Markdown renderer (react-markdown, GFM, the sanitiser) is about a fifth of the chat page's JavaScript and
// nothing on an empty chat needs it: it loads after the page is interactive (preloadMarkdown) and is in place
// before a first answer streams in. Server-rendered answers (a conversation's page) still arrive as HTML.
const load = () => import("./markdown");

export const LazyMarkdown = dynamic(() => load().then((m) => m.Markdown));

/** Fetches the renderer's chunk ahead of need (call once the page is idle). */
export function preloadMarkdown(): void {
  void load();
}
