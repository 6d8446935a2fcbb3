"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { PencilIcon, TrashIcon } from "~/components/icons";
import type { ConversationSummary } from "./list-cache";

// Loaded when a rename starts: the form checks titles with the API's own rule (zod), which no other part of the
// chat page needs on its first load. The placeholder holds the row's height meanwhile.
const RenameForm = dynamic(() => import("./rename-form").then((m) => m.RenameForm), {
  ssr: false,
  loading: () => <div className="h-9" aria-hidden />,
});

const actionClass =
  "flex size-7 items-center justify-center rounded-md text-muted hover:bg-surface hover:text-fg " +
  "focus-visible:outline-2 focus-visible:outline-ring";

/**
 * One conversation: a link to /c/<id> (marked current when open), and its actions, shown on hover and on keyboard
 * focus (always on touch screens, which cannot hover).
 */
export function ConversationItem({
  conversation,
  current,
  onDelete,
}: {
  conversation: ConversationSummary;
  current: boolean;
  onDelete: (conversation: ConversationSummary) => void;
}) {
  const t = useTranslations("conversations");
  const [renaming, setRenaming] = useState(false);
  const link = useRef<HTMLAnchorElement>(null);
  const returnFocus = useRef(false);

  // Back from renaming with Enter or Esc, focus returns to the conversation (not when the person clicked away).
  useEffect(() => {
    if (renaming || !returnFocus.current) return;
    returnFocus.current = false;
    link.current?.focus();
  }, [renaming]);

  if (renaming) {
    return (
      <li data-testid="conversation-item" data-conversation-id={conversation.id}>
        <RenameForm
          conversation={conversation}
          onDone={(byKeyboard) => {
            returnFocus.current = byKeyboard;
            setRenaming(false);
          }}
        />
      </li>
    );
  }

  return (
    <li className="group relative" data-testid="conversation-item" data-conversation-id={conversation.id}>
      <Link
        href={`/c/${conversation.id}`}
        ref={link}
        aria-current={current ? "page" : undefined}
        title={conversation.title}
        className={
          "block truncate rounded-md py-2 pr-3 pl-3 text-sm text-fg transition-colors hover:bg-surface-muted " +
          "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring " +
          "group-focus-within:pr-17 group-hover:pr-17 pointer-coarse:pr-17 " +
          "aria-[current=page]:bg-accent-soft aria-[current=page]:font-medium aria-[current=page]:text-accent-soft-fg"
        }
        data-testid="conversation-link"
      >
        {conversation.title}
      </Link>
      <div
        className={
          "absolute inset-y-0 right-1 flex items-center gap-0.5 opacity-0 transition-opacity " +
          "group-focus-within:opacity-100 group-hover:opacity-100 pointer-coarse:opacity-100"
        }
      >
        <button
          type="button"
          className={actionClass}
          onClick={() => setRenaming(true)}
          aria-label={t("item.rename", { title: conversation.title })}
          title={t("item.rename", { title: conversation.title })}
          data-testid="conversation-rename"
        >
          <PencilIcon />
        </button>
        <button
          type="button"
          className={`${actionClass} hover:text-danger`}
          onClick={() => onDelete(conversation)}
          aria-label={t("item.delete", { title: conversation.title })}
          title={t("item.delete", { title: conversation.title })}
          data-testid="conversation-delete"
        >
          <TrashIcon />
        </button>
      </div>
    </li>
  );
}
