"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";

import { headingTrail, viewerHref, type SourceView } from "./model";

/** The current version of each cited document the person may read: a different one means it changed since. */
function useCurrentVersions(ids: string[]) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.documents.currentVersions.queryOptions({ ids: ids.slice(0, 50) }, { staleTime: 60_000 }),
    enabled: ids.length > 0,
    retry: false,
  });
  return new Map((query.data ?? []).map((d) => [d.id, d.versionId]));
}

/** The numbered sources an answer cites, each opening the viewer at the passage in the version quoted. */
export function SourcesList({ sources }: { sources: SourceView[] }) {
  const t = useTranslations("chat");
  const current = useCurrentVersions([...new Set(sources.map((s) => s.documentId))].sort());
  if (sources.length === 0) return null;
  return (
    <section aria-label={t("sources.heading")} className="mt-3">
      <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">{t("sources.heading")}</h3>
      <ol className="mt-1.5 flex flex-col gap-1" data-testid="sources-list">
        {sources.map((s) => {
          const changed = current.has(s.documentId) && current.get(s.documentId) !== s.versionId;
          return (
            <li key={s.n} className="flex min-w-0 items-baseline gap-2 text-sm" data-testid="source-item">
              <span className="w-5 shrink-0 text-right text-xs font-semibold text-muted tabular-nums">{s.n}.</span>
              <span className="min-w-0 flex-1">
                <Link
                  href={viewerHref(s)}
                  className="font-medium text-fg underline decoration-border-strong underline-offset-2 hover:decoration-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring"
                >
                  {s.title}
                </Link>
                {headingTrail(s) ? <span className="ml-1.5 text-xs text-muted">{headingTrail(s)}</span> : null}
                {changed ? (
                  <Badge variant="warning" className="ml-1.5" data-testid="source-updated">
                    {t("sources.updated")}
                  </Badge>
                ) : null}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
