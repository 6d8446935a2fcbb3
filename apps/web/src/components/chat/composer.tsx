"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, type KeyboardEvent } from "react";

import { SendIcon, StopIcon } from "~/components/icons";

/** The longest question the server accepts (packages/api's MAX_QUESTION_CHARS). */
export const MAX_QUESTION = 4000;
/** The counter shows from here on. */
const COUNTER_FROM = MAX_QUESTION - 400;

export interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
}

/** Enter sends, Shift+Enter adds a line; grows with its text; while an answer streams, the button stops it. */
export function Composer({ value, onChange, onSend, onStop, streaming }: ComposerProps) {
  const t = useTranslations("chat");
  const input = useRef<HTMLTextAreaElement>(null);
  const counterId = useId();
  const canSend = !streaming && value.trim().length > 0;

  // Autosize: as tall as the text, up to the CSS max height (then it scrolls).
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight}px`;
  }, [value]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (canSend) onSend();
    }
  };

  return (
    <form
      className="rounded-2xl border border-border-strong bg-surface p-2 shadow-sm focus-within:border-accent focus-within:ring-1 focus-within:ring-accent"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) onSend();
      }}
    >
      <label htmlFor={`${counterId}-input`} className="sr-only">
        {t("composer.label")}
      </label>
      <div className="flex items-end gap-2">
        <textarea
          id={`${counterId}-input`}
          ref={input}
          data-testid="composer-input"
          rows={1}
          value={value}
          maxLength={MAX_QUESTION}
          placeholder={t("composer.placeholder")}
          aria-describedby={value.length >= COUNTER_FROM ? counterId : undefined}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          autoFocus
          className="max-h-48 min-h-10 flex-1 resize-none bg-transparent px-2 py-2 text-base text-fg placeholder:text-muted focus:outline-none sm:text-sm"
        />
        {streaming ? (
          <button
            type="button"
            onClick={onStop}
            data-testid="composer-stop"
            aria-label={t("composer.stop")}
            title={t("composer.stopHint")}
            className="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-fg text-bg hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          >
            <StopIcon />
          </button>
        ) : (
          <button
            type="submit"
            disabled={!canSend}
            data-testid="composer-send"
            aria-label={t("composer.send")}
            title={t("composer.send")}
            className="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-accent text-accent-fg hover:bg-accent-hover focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-40"
          >
            <SendIcon />
          </button>
        )}
      </div>
      <div className="flex min-h-4 items-center justify-between gap-2 px-2 text-xs text-muted">
        <span className="hidden sm:inline">{t("composer.hint")}</span>
        {value.length >= COUNTER_FROM ? (
          <span
            id={counterId}
            className={value.length >= MAX_QUESTION ? "font-medium text-danger-soft-fg" : undefined}
            data-testid="composer-counter"
          >
            {t("composer.counter", { count: value.length, max: MAX_QUESTION })}
          </span>
        ) : null}
      </div>
    </form>
  );
}
