"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";

type Suggestions = RouterOutputs["suggestions"]["list"];
export interface InitialSuggestions {
  language: "en" | "vi";
  items: Suggestions;
}

/** A new chat: what Lore is for, and a few questions the person may ask (examples they are allowed to see). */
export function EmptyState({
  onAsk,
  disabled,
  initial,
}: {
  onAsk: (question: string) => void;
  disabled: boolean;
  initial?: InitialSuggestions;
}) {
  const t = useTranslations("chat");
  const trpc = useTRPC();
  const locale = useLocale();
  const language = locale === "vi" ? "vi" : "en";
  const suggestions = useQuery({
    ...trpc.suggestions.list.queryOptions({ language }, { staleTime: 5 * 60_000 }),
    initialData: initial?.language === language ? initial.items : undefined,
  });

  return (
    <div className="flex flex-col items-center gap-6 py-10 text-center sm:py-16" data-testid="chat-empty">
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">{t("empty.title")}</h1>
        <p className="max-w-md text-muted">{t("empty.description")}</p>
      </div>
      {suggestions.data?.length ? (
        <section aria-labelledby="suggestions-heading" className="w-full max-w-2xl">
          <h2 id="suggestions-heading" className="mb-2 text-sm font-medium text-muted">
            {t("empty.suggestions")}
          </h2>
          <ul className="grid gap-2 sm:grid-cols-2">
            {suggestions.data.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  disabled={disabled}
                  data-testid="suggested-question"
                  lang={s.language}
                  onClick={() => onAsk(s.question)}
                  className="h-full w-full rounded-xl border border-border bg-surface px-4 py-3 text-left text-sm text-fg shadow-sm transition-colors hover:border-accent hover:bg-accent-soft focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:opacity-60"
                >
                  {s.question}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
