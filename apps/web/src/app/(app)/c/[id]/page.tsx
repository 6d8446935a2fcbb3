import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { ChatView } from "~/components/chat/chat-view";
import { fromStored } from "~/components/chat/model";
import { getCaller } from "~/trpc/server";

interface Props {
  params: Promise<{ id: string }>;
}

/**
 * The person's own conversation, read on the server. Anyone else's, a deleted one, or an id that is not one, is
 * the same 404 as any unknown page: nothing tells them apart.
 */
const loadConversation = cache(async (id: string) => {
  try {
    return await (await getCaller()).conversations.get({ id });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const conversation = await loadConversation((await params).id);
  return { title: conversation.title };
}

export default async function ConversationPage({ params }: Props) {
  const conversation = await loadConversation((await params).id);
  return <ChatView key={conversation.id} conversationId={conversation.id} initialMessages={fromStored(conversation.messages)} />;
}
