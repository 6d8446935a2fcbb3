"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import type { Feedback } from "./model";
import { ThumbIcon } from "~/components/icons";
import { iconButton } from "./styles";

const MAX_COMMENT = 2000;

/**
 * Thumbs up or down on an answer, then an optional comment in a small inline form. Saved at once
 * (`feedback.submit`), and changeable: another thumb or a new comment replaces the previous one.
 */
export function FeedbackControls({
  messageId,
  feedback,
  onSaved,
}: {
  messageId: string;
  feedback: Feedback;
  onSaved: (feedback: Feedback) => void;
}) {
  const t = useTranslations("chat");
  const trpc = useTRPC();
  const submit = useMutation(trpc.feedback.submit.mutationOptions());
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState(feedback?.comment ?? "");
  const formId = useId();

  const save = async (rating: 1 | -1, text: string | null) => {
    const saved = await submit.mutateAsync({ messageId, rating, comment: text ?? undefined });
    onSaved({ rating: saved.rating, comment: saved.comment });
  };

  const rate = (rating: 1 | -1) => {
    setOpen(true);
    void save(rating, feedback?.comment ?? null).catch(() => undefined);
  };

  return (
    <div className="contents">
      <button
        type="button"
        className={iconButton}
        aria-pressed={feedback?.rating === 1}
        aria-label={t("feedback.up")}
        title={t("feedback.up")}
        data-testid="feedback-up"
        onClick={() => rate(1)}
      >
        <ThumbIcon up filled={feedback?.rating === 1} />
      </button>
      <button
        type="button"
        className={iconButton}
        aria-pressed={feedback?.rating === -1}
        aria-label={t("feedback.down")}
        title={t("feedback.down")}
        data-testid="feedback-down"
        onClick={() => rate(-1)}
        aria-expanded={open && !!feedback}
        aria-controls={open && feedback ? formId : undefined}
      >
        <ThumbIcon up={false} filled={feedback?.rating === -1} />
      </button>
      {submit.isError ? (
        <span role="alert" className="text-xs text-danger-soft-fg">
          {t("feedback.failed")}
        </span>
      ) : null}
      {open && feedback ? (
        <form
          id={formId}
          className="mt-2 flex w-full basis-full flex-col gap-2 rounded-lg border border-border bg-surface p-3"
          data-testid="feedback-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(feedback.rating, comment.trim() || null)
              .then(() => setOpen(false))
              .catch(() => undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <label htmlFor={`${formId}-comment`} className="text-sm font-medium text-fg">
            {feedback.rating === 1 ? t("feedback.commentUp") : t("feedback.commentDown")}
          </label>
          <textarea
            id={`${formId}-comment`}
            data-testid="feedback-comment"
            value={comment}
            maxLength={MAX_COMMENT}
            rows={2}
            placeholder={t("feedback.placeholder")}
            onChange={(e) => setComment(e.target.value)}
            className="w-full resize-y rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-ring"
          />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={() => setOpen(false)}>
              {t("feedback.close")}
            </Button>
            <Button type="submit" size="sm" loading={submit.isPending} data-testid="feedback-save">
              {t("feedback.save")}
            </Button>
          </div>
        </form>
      ) : null}
      {feedback && !open ? (
        <span className="sr-only" role="status">
          {t("feedback.thanks")}
        </span>
      ) : null}
    </div>
  );
}
