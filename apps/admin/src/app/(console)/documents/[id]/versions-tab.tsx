"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { DiffView } from "@lore/ui/diff-view";
import { Label } from "@lore/ui/label";
import { LocalTime } from "@lore/ui/local-time";
import { Select } from "@lore/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { describeError } from "~/lib/trpc-errors";

import { formatSize } from "../format";

/** Audited reads: fetched once when the tab opens, never refetched on focus or polled. */
const AUDITED = { refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: Number.POSITIVE_INFINITY } as const;

/** The document's versions, newest first, and what changed between any two of them. */
export function VersionsTab({ id }: { id: string }) {
  const trpc = useTRPC();
  const fromId = useId();
  const toId = useId();
  const versions = useQuery(trpc.documents.versions.queryOptions({ id, limit: 100 }, AUDITED));
  const [pair, setPair] = useState<{ from: string; to: string } | null>(null);
  const [draft, setDraft] = useState<{ from?: string; to?: string }>({});
  const diff = useQuery(
    trpc.documents.versionDiff.queryOptions(
      { id, fromVersionId: pair?.from ?? "", toVersionId: pair?.to ?? "" },
      { ...AUDITED, enabled: pair !== null },
    ),
  );
  if (versions.error) return <p className="text-sm text-danger">{describeError(versions.error)}</p>;
  if (!versions.data) return <p className="text-sm text-muted">Loading versions…</p>;
  const items = versions.data.items;
  const from = draft.from ?? items[1]?.id ?? items[0]?.id ?? "";
  const to = draft.to ?? items[0]?.id ?? "";
  return (
    <div className="flex flex-col gap-4" data-testid="versions">
      <Table className="min-w-[36rem]">
        <TableCaption>Versions, newest first</TableCaption>
        <TableHead>
          <TableRow>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell>Title</TableHeaderCell>
            <TableHeaderCell>Size</TableHeaderCell>
            <TableHeaderCell>Chunks</TableHeaderCell>
            <TableHeaderCell>Created</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((v) => (
            <TableRow key={v.id} data-testid="version-row">
              <TableCell>
                {v.version} {v.isCurrent ? <Badge variant="success">Current</Badge> : null}
              </TableCell>
              <TableCell>{v.title}</TableCell>
              <TableCell className="text-muted">{formatSize(v.byteSize)}</TableCell>
              <TableCell className="text-muted">{v.chunkCount}</TableCell>
              <TableCell className="text-muted">
                <LocalTime value={v.createdAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {items.length < 2 ? (
        <p className="text-sm text-muted">Only one version so far: a re-import that changes the content adds another, to compare here.</p>
      ) : (
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            setPair({ from, to });
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={fromId}>From version</Label>
            <Select id={fromId} value={from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} data-testid="diff-from">
              {items.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={toId}>To version</Label>
            <Select id={toId} value={to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} data-testid="diff-to">
              {items.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="secondary" data-testid="diff-show">
            Show changes
          </Button>
        </form>
      )}
      {diff.error ? <p className="text-sm text-danger">{describeError(diff.error)}</p> : null}
      {diff.data ? (
        <div className="flex flex-col gap-2" data-testid="version-diff">
          <p className="text-sm text-muted">
            Version {diff.data.from.version} → {diff.data.to.version}: {diff.data.added} line{diff.data.added === 1 ? "" : "s"} added,{" "}
            {diff.data.removed} removed{diff.data.titleChanged ? `; title “${diff.data.from.title}” → “${diff.data.to.title}”` : ""}.
          </p>
          <DiffView
            hunks={diff.data.hunks}
            label={`Changes from version ${diff.data.from.version} to ${diff.data.to.version}`}
            empty="The two versions have the same text."
          />
        </div>
      ) : null}
    </div>
  );
}
