"use client";

/** The person's conversations in the sidebar (placeholder until the list is built). */
export function ConversationList() {
  return <div className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list" />;
}
