"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { describeError } from "~/lib/trpc-errors";

const PAGE = 50;

/** The current version's chunks in order: heading path, tokens and text, a page at a time. */
export function ChunksTab({ versionId }: { versionId: string }) {
  // Each page starts after the previous page's last ordinal (-1: the first).
  const [starts, setStarts] = useState<number[]>([-1]);
  return (
    <ol className="flex flex-col gap-3" data-testid="chunks">
      {starts.map((after, i) => (
        <ChunkPage
          key={after}
          versionId={versionId}
          after={after}
          onMore={i === starts.length - 1 ? (next) => setStarts((all) => [...all, next]) : undefined}
        />
      ))}
    </ol>
  );
}

/** An audited read: loaded once, never refetched on focus. */
function ChunkPage({ versionId, after, onMore }: { versionId: string; after: number; onMore: ((next: number) => void) | undefined }) {
  const trpc = useTRPC();
  const page = useQuery(
    trpc.documents.chunks.queryOptions(
      { versionId, limit: PAGE, afterOrdinal: after },
      { refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: Number.POSITIVE_INFINITY },
    ),
  );
  if (page.error) return <li className="text-sm text-danger">{describeError(page.error)}</li>;
  if (!page.data) return <li className="text-sm text-muted">Loading chunks…</li>;
  if (page.data.items.length === 0 && after === -1) return <li className="text-sm text-muted">This version has no chunks.</li>;
  const next = page.data.nextOrdinal;
  return (
    <>
      {page.data.items.map((c) => (
        <li key={c.id} className="rounded-lg border border-border bg-surface p-4" data-testid="chunk">
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
            <span>
              #{c.ordinal + 1}
              {c.headingPath.length > 0 ? ` · ${c.headingPath.join(" › ")}` : ""}
            </span>
            <span>
              {c.tokenCount} tokens · {c.embeddingModel}
            </span>
          </div>
          <p className="text-sm break-words whitespace-pre-wrap text-fg">{c.text}</p>
        </li>
      ))}
      {onMore && next !== null ? (
        <li className="flex justify-center">
          <Button variant="secondary" onClick={() => onMore(next)}>
            Show more chunks
          </Button>
        </li>
      ) : null}
    </>
  );
}
