"use client";

import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { preloadMarkdown } from "~/components/markdown/lazy-markdown";

import { AssistantMessageView } from "./assistant-message";
import { Composer } from "./composer";
import { EmptyState, type InitialSuggestions } from "./empty-state";
import { plainExcerpt, type ChatMessage } from "./model";
import { useChat } from "./use-chat";
import { UserMessageView } from "./user-message";

export interface ChatViewProps {
  conversationId: string | null;
  /** The stored conversation (read on the server), or none for a new chat. */
  initialMessages: ChatMessage[];
  /** Suggested questions read on the server, for the empty state (a stored conversation reads them if emptied). */
  suggestions?: InitialSuggestions;
}

/** The chat: messages, the streaming answer, the composer. Used by a new chat (/) and a stored one (/c/[id]). */
export function ChatView({ conversationId, initialMessages, suggestions }: ChatViewProps) {
  const t = useTranslations("chat");
  const chat = useChat({ conversationId, messages: initialMessages });
  const { reset, stop, streaming } = chat;
  const currentConversation = chat.conversationId;
  const [draft, setDraft] = useState("");
  const bottom = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const pathname = usePathname();
  const lastPath = useRef(pathname);

  // A new chat's address changes in place to /c/<id>; "New chat" then navigates to / on the same page: start over.
  useEffect(() => {
    if (pathname === "/" && lastPath.current !== "/" && currentConversation) {
      reset();
      setDraft("");
    }
    lastPath.current = pathname;
  }, [pathname, currentConversation, reset]);

  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
    idle(preloadMarkdown);
  }, []);

  // Esc stops a streaming answer (forms with their own Esc stop the event first).
  useEffect(() => {
    if (!streaming) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [streaming, stop]);

  // Follow the answer while it grows, unless the person scrolled up to read.
  useEffect(() => {
    const scroller = document.getElementById("main");
    if (!scroller) return;
    const onScroll = () => {
      pinned.current = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    };
    scroller.addEventListener("scroll", onScroll, { passive: true });
    return () => scroller.removeEventListener("scroll", onScroll);
  }, []);
  useEffect(() => {
    if (pinned.current) bottom.current?.scrollIntoView({ block: "end" });
  }, [chat.messages]);

  const send = (question: string) => {
    const text = question.trim();
    if (!text || chat.streaming) return;
    pinned.current = true;
    setDraft("");
    void chat.ask(text);
  };

  const lastUser = chat.messages.findLastIndex((m) => m.role === "user");
  const empty = chat.messages.length === 0;

  return (
    <div className="mx-auto flex min-h-full w-full max-w-3xl flex-col px-4">
      <h1 className="sr-only">{t("title")}</h1>
      <div className="flex-1 pt-6 pb-4">
        {empty ? (
          <EmptyState onAsk={send} disabled={chat.streaming} initial={suggestions} />
        ) : (
          <ol className="flex flex-col gap-6" aria-label={t("messages")}>
            {chat.messages.map((m, i) => (
              <li key={m.key} className="flex flex-col">
                {m.role === "user" ? (
                  <UserMessageView text={m.text} onResend={i === lastUser && !chat.streaming ? (q) => void chat.redo(q) : undefined} />
                ) : (
                  <AssistantMessageView
                    message={m}
                    isLast={i === chat.messages.length - 1}
                    busy={chat.streaming}
                    onRedo={(q) => void chat.redo(q)}
                    onFeedback={(f) => chat.setFeedback(m.key, f)}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
        <div ref={bottom} />
      </div>
      <div className="sticky bottom-0 bg-bg pt-2 pb-3">
        <Composer value={draft} onChange={setDraft} onSend={() => send(draft)} onStop={chat.stop} streaming={chat.streaming} />
        <p className="mt-1.5 text-center text-xs text-muted">{t("disclaimer")}</p>
      </div>
      <LiveAnnouncer streaming={chat.streaming} finished={chat.finished} />
    </div>
  );
}

/**
 * Speaks politely, never token by token: "Answering…" while an answer streams, then the whole answer as plain
 * text once it is complete (or that it stopped or failed).
 */
function LiveAnnouncer({ streaming, finished }: { streaming: boolean; finished: { status: string; text: string; at: number } | null }) {
  const t = useTranslations("chat");
  const text = streaming
    ? t("live.answering")
    : !finished
      ? ""
      : finished.status === "complete"
        ? `${t("live.complete")} ${plainExcerpt(finished.text).replace(/\[(\d+)\]/g, "")}`.trim()
        : finished.status === "stopped"
          ? t("live.stopped")
          : t("live.failed");
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="chat-live">
      {text}
    </div>
  );
}
