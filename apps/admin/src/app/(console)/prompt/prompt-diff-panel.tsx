"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@lore/ui/card";
import { DiffView } from "@lore/ui/diff-view";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";

import { LoadingBlock } from "~/components/loading-block";

type Version = RouterOutputs["admin"]["prompts"]["list"][number];
type Pair = { fromId: string; toId: string };

/** Two versions side by side: the system prompt's changed lines (computed on the server) and every parameter. */
export function PromptDiffPanel({ versions, value, onChange }: { versions: Version[]; value: Pair; onChange: (pair: Pair) => void }) {
  const trpc = useTRPC();
  const fromId = useId();
  const toId = useId();
  const diff = useQuery(trpc.admin.prompts.diff.queryOptions(value));
  const options = versions.map((v) => (
    <option key={v.id} value={v.id}>
      v{v.version} — {v.name}
      {v.isActive ? " (active)" : ""}
    </option>
  ));
  return (
    <Card data-testid="prompt-diff">
      <CardHeader>
        <CardTitle>Compare versions</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={fromId}>From</Label>
            <Select
              id={fromId}
              value={value.fromId}
              onChange={(e) => onChange({ ...value, fromId: e.target.value })}
              data-testid="prompt-diff-from"
            >
              {options}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={toId}>To</Label>
            <Select
              id={toId}
              value={value.toId}
              onChange={(e) => onChange({ ...value, toId: e.target.value })}
              data-testid="prompt-diff-to"
            >
              {options}
            </Select>
          </div>
        </div>
        {diff.data ? (
          <>
            <h3 className="text-sm font-semibold">
              System prompt: {diff.data.systemPrompt.added} lines added, {diff.data.systemPrompt.removed} removed
            </h3>
            <DiffView
              hunks={diff.data.systemPrompt.hunks}
              label={`System prompt changes from version ${diff.data.from.version} to version ${diff.data.to.version}`}
              empty="The system prompt is the same."
              data-testid="prompt-diff-text"
            />
            <Table data-testid="prompt-diff-parameters">
              <TableCaption className="text-left text-sm font-semibold">Parameters</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Parameter</TableHeaderCell>
                  <TableHeaderCell>v{diff.data.from.version}</TableHeaderCell>
                  <TableHeaderCell>v{diff.data.to.version}</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Changed</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {diff.data.parameters.map((p) => (
                  <TableRow key={p.path} data-changed={p.changed || undefined}>
                    <TableCell>{p.label}</TableCell>
                    <TableCell className="font-mono text-sm">{p.before}</TableCell>
                    <TableCell className="font-mono text-sm">{p.after}</TableCell>
                    <TableCell>{p.changed ? <Badge variant="warning">Changed</Badge> : null}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        ) : diff.isError ? (
          <p className="text-sm text-danger">The diff could not be loaded.</p>
        ) : (
          <LoadingBlock label="Comparing…" />
        )}
      </CardContent>
    </Card>
  );
}
