"use client";

import { MAX_CONVERSATION_TITLE_CHARS, renameConversationInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";

import { errorKind } from "./error-words";
import { updateCachedLists, type ConversationSummary } from "./list-cache";

/**
 * Renames a conversation in place: Enter saves, Esc cancels, leaving the field saves a valid change (and drops
 * anything else). Checked with the same schema as the procedure, explained in the person's language.
 */
export function RenameForm({ conversation, onDone }: { conversation: ConversationSummary; onDone: (byKeyboard: boolean) => void }) {
  const t = useTranslations("conversations");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(conversation.title);
  const [error, setError] = useState<string | null>(null);
  const settled = useRef(false);
  const saving = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const hintId = useId();

  const rename = useMutation(
    trpc.conversations.rename.mutationOptions({
      onSuccess: async (renamed) => {
        updateCachedLists(queryClient, trpc.conversations.list.pathKey(), (items) =>
          items.map((c) => (c.id === renamed.id ? { ...c, title: renamed.title } : c)),
        );
        // The open conversation's own title (its page reads conversations.get) follows.
        await queryClient.invalidateQueries({ queryKey: trpc.conversations.pathKey() });
      },
    }),
  );

  function problemWith(text: string): string | null {
    const parsed = renameConversationInput.shape.title.safeParse(text);
    if (parsed.success) return null;
    const issue = parsed.error.issues[0];
    if (issue?.code === "too_big") return t("rename.tooLong", { max: MAX_CONVERSATION_TITLE_CHARS, length: text.trim().length });
    if (issue?.code === "too_small") return t("rename.empty");
    return t("rename.invalid");
  }

  function finish(byKeyboard: boolean) {
    settled.current = true;
    onDone(byKeyboard);
  }

  async function save(fromBlur: boolean) {
    if (settled.current || saving.current) return;
    const title = value.trim();
    if (title === conversation.title) return finish(!fromBlur);
    const problem = problemWith(value);
    if (problem) {
      // Leaving the field with something unusable drops it; pressing Enter explains what is wrong.
      if (fromBlur) return finish(false);
      setError(problem);
      input.current?.focus();
      return;
    }
    saving.current = true;
    try {
      await rename.mutateAsync({ id: conversation.id, title });
      finish(!fromBlur);
    } catch (failure) {
      setError(errorKind(failure) === "notFound" ? t("rename.gone") : t("rename.failed"));
      if (!fromBlur) input.current?.focus();
    } finally {
      saving.current = false;
    }
  }

  return (
    <form
      className="flex flex-col gap-1 px-1 py-1"
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
    >
      <input
        ref={input}
        // The field replaces the link the person just chose to rename: focus belongs in it.
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key !== "Escape") return;
          // Esc cancels the rename only (not the phone drawer around it).
          event.preventDefault();
          event.stopPropagation();
          finish(true);
        }}
        onBlur={() => void save(true)}
        aria-label={t("rename.label", { title: conversation.title })}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        aria-busy={rename.isPending || undefined}
        readOnly={rename.isPending}
        maxLength={MAX_CONVERSATION_TITLE_CHARS * 2}
        className="h-9 w-full rounded-md border border-accent bg-surface px-2 text-sm text-fg outline-2 outline-ring/40 aria-invalid:border-danger"
        data-testid="conversation-rename-input"
      />
      <p id={hintId} className="sr-only">
        {t("rename.hint")}
      </p>
      {error ? (
        <p id={errorId} role="alert" className="px-1 text-xs text-danger-soft-fg" data-testid="conversation-rename-error">
          {error}
        </p>
      ) : null}
      {rename.isPending ? (
        <p role="status" className="px-1 text-xs text-muted">
          {t("rename.saving")}
        </p>
      ) : null}
    </form>
  );
}
