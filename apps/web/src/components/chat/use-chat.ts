"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";

import { codeOfThrown } from "./errors";
import { applyParts, newAssistant, type AssistantMessage, type ChatMessage } from "./model";

export interface ChatState {
  messages: ChatMessage[];
  conversationId: string | null;
  streaming: boolean;
  /** Set when an answer ends (complete, stopped or failed), for the polite live region. */
  /** The last answer that ended, for the live region: its status and its plain text. */
  finished: { status: AssistantMessage["status"]; text: string; at: number } | null;
}

let keys = 0;
const localKey = () => `local-${++keys}`;

/**
 * The conversation on screen and the one answer that may be streaming: `ask` sends a question (in the
 * conversation once there is one), `stop` aborts the request (the server stores the partial answer as stopped),
 * `redo` replaces the last question and answer with a new attempt (retry, regenerate, edit and resend).
 */
export function useChat(initial: { conversationId: string | null; messages: ChatMessage[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ChatState>({ ...initial, streaming: false, finished: null });
  const controller = useRef<AbortController | null>(null);
  const conversationRef = useRef(initial.conversationId);

  // Leaving the page (or a reset) ends a running answer.
  useEffect(() => () => controller.current?.abort(), []);

  const patch = useCallback((key: string, change: (m: AssistantMessage) => AssistantMessage) => {
    setState((s) => ({
      ...s,
      messages: s.messages.map((m) => (m.role === "assistant" && m.key === key ? change(m) : m)),
    }));
  }, []);

  const refreshLists = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() });
  }, [queryClient, trpc]);

  const run = useCallback(
    async (question: string, replaceLast: boolean) => {
      if (controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      const assistantKey = localKey();
      setState((s) => {
        const kept = replaceLast ? dropLastTurn(s.messages) : s.messages;
        return {
          ...s,
          streaming: true,
          messages: [...kept, { role: "user", key: localKey(), id: null, text: question }, newAssistant(assistantKey, question)],
        };
      });
      let started = false;
      try {
        // The request options reach the tRPC client as they are (client.mutation(path, input, opts.trpc)); their
        // type leaves out `signal` only because React Query passes its own to queries. Aborting closes the request.
        const requestOptions = { signal: abort.signal } as Parameters<typeof trpc.chat.send.mutationOptions>[0] extends infer O
          ? O extends { trpc?: infer R }
            ? R
            : never
          : never;
        const options = trpc.chat.send.mutationOptions({ trpc: requestOptions });
        const events = await options.mutationFn!({ question, conversationId: conversationRef.current ?? undefined }, undefined as never);
        for await (const event of events) {
          if (event.type === "start") {
            started = true;
            if (conversationRef.current !== event.conversationId) {
              conversationRef.current = event.conversationId;
              // The address of the conversation, without a navigation that would interrupt the stream.
              // `null` state: Next.js then syncs its router (usePathname) with the new address; its own state would not.
              window.history.replaceState(null, "", `/c/${event.conversationId}`);
            }
            setState((s) => ({
              ...s,
              conversationId: event.conversationId,
              messages: s.messages.map((m, i) =>
                m.role === "user" && i === s.messages.length - 2 ? { ...m, id: event.userMessageId, key: m.key } : m,
              ),
            }));
            patch(assistantKey, (m) => ({ ...m, id: event.assistantMessageId, mode: event.mode }));
            refreshLists();
          } else if (event.type === "sources") {
            patch(assistantKey, (m) => ({ ...m, sources: event.sources }));
          } else if (event.type === "text") {
            patch(assistantKey, (m) => ({ ...m, text: m.text + event.text }));
          } else if (event.type === "citation") {
            patch(assistantKey, (m) => ({ ...m, citations: [...m.citations, event.citation] }));
          } else if (event.type === "done") {
            patch(assistantKey, (m) => ({ ...applyParts(m, event.message.parts), status: event.message.status }));
          } else {
            const stored = event.stored;
            patch(assistantKey, (m) => ({
              ...(stored ? applyParts(m, stored.parts) : m),
              status: event.code === "STOPPED" ? "stopped" : "error",
              error: event.code === "STOPPED" ? null : { code: event.code, message: event.message },
            }));
          }
        }
        // A stream that ends without done or error was cut off.
        patch(assistantKey, (m) => (m.status === "streaming" ? { ...m, status: "error", error: { code: "NETWORK", message: "" } } : m));
      } catch (error) {
        if (abort.signal.aborted) {
          patch(assistantKey, (m) => ({ ...m, status: "stopped" }));
        } else {
          const failure = codeOfThrown(error);
          patch(assistantKey, (m) => ({ ...m, status: "error", error: failure }));
        }
      } finally {
        controller.current = null;
        setState((s) => {
          const last = s.messages.at(-1);
          const ended = last?.role === "assistant" ? last : null;
          return { ...s, streaming: false, finished: { status: ended?.status ?? "complete", text: ended?.text ?? "", at: Date.now() } };
        });
        if (started) {
          refreshLists();
          if (conversationRef.current) {
            void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ id: conversationRef.current }) });
          }
        }
      }
    },
    [patch, queryClient, refreshLists, trpc],
  );

  const ask = useCallback((question: string) => run(question, false), [run]);
  const redo = useCallback((question: string) => run(question, true), [run]);
  const stop = useCallback(() => controller.current?.abort(), []);
  const setFeedback = useCallback(
    (key: string, feedback: AssistantMessage["feedback"]) => patch(key, (m) => ({ ...m, feedback })),
    [patch],
  );
  /** Back to an empty chat (the "New chat" link on a page whose address was changed in place). */
  const reset = useCallback(() => {
    controller.current?.abort();
    conversationRef.current = null;
    setState({ messages: [], conversationId: null, streaming: false, finished: null });
  }, []);

  return { ...state, ask, redo, stop, setFeedback, reset };
}

/** The messages without the last question and its answer. */
function dropLastTurn(messages: ChatMessage[]): ChatMessage[] {
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  return lastUser < 0 ? messages : messages.slice(0, lastUser);
}
