"use client";

import { Spinner } from "@lore/ui/spinner";
import { useTranslations } from "next-intl";
import type { RefObject } from "react";

import { CloseIcon, SearchIcon } from "~/components/icons";

/** The search box over the person's own conversations (titles and messages). Esc clears it. */
export function ConversationSearch({
  value,
  onChange,
  busy,
  inputRef,
}: {
  value: string;
  onChange: (value: string) => void;
  busy: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const t = useTranslations("conversations");
  return (
    <div role="search" className="relative">
      <span className="pointer-events-none absolute inset-y-0 left-2.5 flex items-center text-muted">
        {busy ? <Spinner size="sm" label={null} /> : <SearchIcon />}
      </span>
      <input
        ref={inputRef}
        type="search"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && value) {
            // Clears the search only (not the phone drawer around it).
            event.preventDefault();
            event.stopPropagation();
            onChange("");
          }
        }}
        aria-label={t("search.label")}
        placeholder={t("search.placeholder")}
        maxLength={200}
        autoComplete="off"
        className={
          "h-9 w-full rounded-md border border-border bg-surface pr-9 pl-8 text-sm text-fg placeholder:text-muted " +
          "focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40 " +
          "[&::-webkit-search-cancel-button]:hidden"
        }
        data-testid="conversation-search"
      />
      {value ? (
        <button
          type="button"
          onClick={() => {
            onChange("");
            inputRef.current?.focus();
          }}
          aria-label={t("search.clear")}
          className="absolute inset-y-0 right-0.5 my-auto flex size-8 items-center justify-center rounded-md text-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-ring"
          data-testid="conversation-search-clear"
        >
          <CloseIcon />
        </button>
      ) : null}
    </div>
  );
}
