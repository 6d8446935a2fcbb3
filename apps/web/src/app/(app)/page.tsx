import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";

import { ChatView } from "~/components/chat/chat-view";
import { getCaller } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("chat");
  return { title: t("newChatTitle") };
}

/**
 * A new chat: the empty state with suggested questions and the composer. The suggestions are read here (one
 * quick query) so the server's HTML already holds them: no flash, nothing to reconcile when the page hydrates.
 */
export default async function NewChatPage() {
  const language = (await getLocale()) === "vi" ? "vi" : "en";
  const suggestions = await (await getCaller()).suggestions.list({ language });
  return <ChatView conversationId={null} initialMessages={[]} suggestions={{ language, items: suggestions }} />;
}
