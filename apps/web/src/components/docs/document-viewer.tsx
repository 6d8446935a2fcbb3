"use client";

import type { RouterOutputs } from "@lore/api";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { LocalTime } from "@lore/ui/local-time";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useMemo } from "react";

import { Markdown } from "@lore/ui/markdown";

import { headingComponents } from "./heading";
import { rehypeHeadingIds, rehypeHighlightRange } from "./rehype-document";

export type ViewedDocument = RouterOutputs["documents"]["view"];

const DATE = { dateStyle: "medium" } as const;

// The cited passage: a tinted block with a bar at its start, legible in both themes.
const proseClass =
  "lore-prose text-fg [&_[data-highlighted=true]]:rounded-sm [&_[data-highlighted=true]]:bg-warning-soft " +
  "[&_[data-highlighted=true]]:text-warning-soft-fg [&_[data-highlighted=true]]:shadow-[-0.5rem_0_0_0_var(--color-warning-soft),-0.75rem_0_0_0_var(--color-warning-soft-fg)] " +
  "[&_[data-highlighted=true]]:scroll-mt-24 [&_[data-highlighted=true]]:outline-offset-4";

/** An ingested document for its reader: metadata, the version notice, and the sanitised content with anchors. */
export function DocumentViewer({ doc }: { doc: ViewedDocument }) {
  const t = useTranslations("docs");
  const range = doc.passage?.range ?? null;
  const rehypePlugins = useMemo(() => [rehypeHeadingIds, rehypeHighlightRange(range)], [range]);
  const anchorLabel = t("anchor");
  const components = useMemo(() => headingComponents(anchorLabel), [anchorLabel]);

  // Bring the cited passage into view and move focus there, so a screen reader starts reading at it.
  useEffect(() => {
    const passage = document.querySelector<HTMLElement>('[data-testid="document-viewer"] [data-highlighted="true"][tabindex]');
    if (!passage) return;
    passage.focus({ preventScroll: true });
    passage.scrollIntoView({
      block: "center",
      behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth",
    });
  }, [range]);

  return (
    <article
      className="mx-auto flex w-full max-w-3xl flex-col gap-5 px-4 py-6 sm:px-8 sm:py-10"
      data-testid="document-viewer"
      aria-labelledby="document-title"
    >
      <header className="flex flex-col gap-3 border-b border-border pb-5">
        <p className="text-xs font-semibold tracking-wider text-muted uppercase">{t("eyebrow")}</p>
        <h1
          id="document-title"
          className="text-2xl font-semibold tracking-tight text-balance text-fg sm:text-3xl"
          data-testid="document-title"
        >
          {doc.isCurrent ? doc.title : doc.version.title}
        </h1>
        <dl className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-muted">
          <div className="flex gap-1.5">
            <dt>{t("meta.updated")}</dt>
            <dd className="text-fg">
              <LocalTime value={doc.isCurrent ? doc.updatedAt : doc.version.createdAt} format={DATE} />
            </dd>
          </div>
          <div className="flex gap-1.5">
            <dt>{t("meta.version")}</dt>
            <dd className="text-fg" data-testid="document-version">
              {doc.version.number}
            </dd>
          </div>
          {doc.url ? (
            <div className="flex min-w-0 gap-1.5">
              <dt>{t("meta.source")}</dt>
              <dd className="min-w-0">
                <a
                  href={doc.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="block max-w-[16rem] truncate font-medium text-accent hover:underline sm:max-w-sm"
                  data-testid="document-source"
                >
                  {t("meta.openSource")}
                  <span className="sr-only"> {t("meta.newTab")}</span>
                </a>
              </dd>
            </div>
          ) : null}
          {doc.tags.length > 0 ? (
            <div className="flex flex-wrap items-center gap-1.5">
              <dt className="sr-only">{t("meta.tags")}</dt>
              {doc.tags.map((tag) => (
                <dd key={tag}>
                  <Badge>{tag}</Badge>
                </dd>
              ))}
            </div>
          ) : null}
        </dl>
      </header>

      {doc.isCurrent ? null : (
        <Alert variant="warning" data-testid="version-notice">
          {t.rich("version.notice", {
            number: doc.version.number,
            date: () => <LocalTime value={doc.version.createdAt} format={DATE} />,
            current: (chunks) => (
              <Link
                href={`/docs/${encodeURIComponent(doc.id)}`}
                className="font-semibold underline underline-offset-2"
                data-testid="current-version-link"
              >
                {chunks}
              </Link>
            ),
          })}
        </Alert>
      )}

      {doc.passage && !range ? (
        <Alert variant="info" data-testid="passage-missing">
          {t("passage.missing")}
        </Alert>
      ) : null}
      {range ? (
        <p id="passage-note" className="sr-only">
          {t("passage.note")}
        </p>
      ) : null}

      <Markdown className={proseClass} rehypePlugins={rehypePlugins} components={components}>
        {doc.content}
      </Markdown>
    </article>
  );
}
