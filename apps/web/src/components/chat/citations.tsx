"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useId, useState, type ReactNode } from "react";

import { headingTrail, plainExcerpt, viewerHref, type SourceView } from "./model";

/**
 * A cited source as a small numbered link: hovering or focusing it shows the passage (title, heading path,
 * excerpt); following it opens the document viewer at the quoted passage and version.
 */
export function CitationChip({ source, n }: { source: SourceView | undefined; n: number }): ReactNode {
  const t = useTranslations("chat");
  const cardId = useId();
  // Esc hides the card until the pointer or focus leaves (WCAG 1.4.13: dismissable without moving).
  const [dismissed, setDismissed] = useState(false);
  if (!source) return <span>[{n}]</span>;
  return (
    <span
      className="group/chip relative inline-block align-baseline"
      onMouseLeave={() => setDismissed(false)}
      onBlur={() => setDismissed(false)}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !dismissed) {
          e.preventDefault();
          setDismissed(true);
        }
      }}
    >
      <Link
        href={viewerHref(source)}
        data-testid="citation-chip"
        data-n={n}
        aria-label={t("citation.label", { n, title: source.title })}
        aria-describedby={cardId}
        // lore-chip: globals.css keeps the prose's link colour and underline off it (no style attribute: the CSP
        // drops server-rendered ones).
        className="lore-chip mx-0.5 inline-flex h-5 min-w-5 items-center justify-center rounded-md bg-accent-soft px-1 align-[0.1em] text-xs font-semibold hover:ring-1 hover:ring-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring"
      >
        {n}
      </Link>
      <span
        id={cardId}
        role="tooltip"
        hidden={dismissed}
        data-testid="citation-card"
        // Below the chip on wide screens; on a phone a sheet above the composer, so it never leaves the screen.
        className="invisible fixed inset-x-4 bottom-28 z-30 block rounded-lg border border-border bg-surface p-3 text-left text-sm leading-normal font-normal opacity-0 shadow-lg transition-opacity group-focus-within/chip:visible group-focus-within/chip:opacity-100 group-hover/chip:visible group-hover/chip:opacity-100 sm:absolute sm:inset-x-auto sm:top-full sm:bottom-auto sm:left-0 sm:mt-1 sm:w-80"
      >
        <span className="block font-semibold text-fg">{source.title}</span>
        {headingTrail(source) ? <span className="mt-0.5 block text-xs text-muted">{headingTrail(source)}</span> : null}
        {source.excerpt ? <span className="mt-2 line-clamp-6 text-muted">{plainExcerpt(source.excerpt)}</span> : null}
      </span>
    </span>
  );
}
