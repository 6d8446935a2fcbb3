"use client";

import { Button } from "@lore/ui/button";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { MAX_QUESTION } from "./composer";
import { EditIcon } from "~/components/icons";
import { iconButton } from "./styles";

/** A question; the last one can be edited in place and sent again (replacing its answer). */
export function UserMessageView({ text, onResend }: { text: string; onResend?: (question: string) => void }) {
  const t = useTranslations("chat");
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const id = useId();

  if (editing && onResend) {
    return (
      <form
        className="ml-auto flex w-full max-w-[85%] flex-col gap-2"
        data-testid="message-user"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.trim()) return;
          setEditing(false);
          onResend(draft.trim());
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            setEditing(false);
          }
        }}
      >
        <label htmlFor={id} className="sr-only">
          {t("edit.label")}
        </label>
        <textarea
          id={id}
          value={draft}
          maxLength={MAX_QUESTION}
          rows={3}
          autoFocus
          data-testid="edit-input"
          onChange={(e) => setDraft(e.target.value)}
          className="w-full resize-y rounded-xl border border-border-strong bg-surface px-3 py-2 text-base text-fg focus-visible:outline-2 focus-visible:outline-ring sm:text-sm"
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" size="sm" onClick={() => setEditing(false)}>
            {t("edit.cancel")}
          </Button>
          <Button type="submit" size="sm" disabled={!draft.trim()} data-testid="edit-send">
            {t("edit.send")}
          </Button>
        </div>
      </form>
    );
  }

  return (
    <div className="group/user ml-auto flex max-w-[85%] items-start gap-1" data-testid="message-user">
      {onResend ? (
        <button
          type="button"
          className={`${iconButton} opacity-100 sm:opacity-0 sm:group-hover/user:opacity-100 sm:focus-visible:opacity-100`}
          aria-label={t("edit.button")}
          title={t("edit.button")}
          data-testid="message-edit"
          onClick={() => {
            setDraft(text);
            setEditing(true);
          }}
        >
          <EditIcon />
        </button>
      ) : null}
      <p className="rounded-2xl bg-surface-muted px-4 py-2 break-words whitespace-pre-wrap text-fg">{text}</p>
    </div>
  );
}
