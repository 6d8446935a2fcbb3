"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { ConfirmDialog } from "@lore/ui/confirm-dialog";
import { LocalTime } from "@lore/ui/local-time";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { describeError } from "~/lib/trpc-errors";

import { PromptDiffPanel } from "./prompt-diff-panel";
import { PromptEditor } from "./prompt-editor";

type Version = RouterOutputs["admin"]["prompts"]["list"][number];

function ProviderCard() {
  const trpc = useTRPC();
  const { data: provider } = useSuspenseQuery(trpc.admin.prompts.provider.queryOptions());
  return (
    <Card data-testid="prompt-provider">
      <CardHeader>
        <CardTitle>Provider</CardTitle>
        <CardDescription>Set by the server's environment (LLM_PROVIDER, LLM_MODEL, LLM_BASE_URL), not by prompt versions.</CardDescription>
      </CardHeader>
      <CardContent>
        {provider.problem ? <Alert variant="error">{provider.problem}</Alert> : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Provider</dt>
          <dd>{provider.provider === "extractive" ? "Extractive (offline, no model: answers quote the sources)" : "OpenAI-compatible"}</dd>
          <dt className="text-muted">Model</dt>
          <dd className="font-mono">{provider.model}</dd>
          {provider.server ? (
            <>
              <dt className="text-muted">Server</dt>
              <dd className="font-mono">{provider.server}</dd>
              <dt className="text-muted">API key</dt>
              <dd>{provider.keySet ? "set (not shown)" : "none"}</dd>
            </>
          ) : null}
        </dl>
      </CardContent>
    </Card>
  );
}

/** The versions, the editor of the one picked, the diff between two, and activation (rollback = activating an older one). */
export function PromptSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: versions } = useSuspenseQuery(trpc.admin.prompts.list.queryOptions());
  const active = versions.find((v) => v.isActive) ?? versions[0];
  const [baseId, setBaseId] = useState<string | null>(active?.id ?? null);
  const [compare, setCompare] = useState<{ fromId: string; toId: string } | null>(null);
  const [confirming, setConfirming] = useState<Version | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const base = useQuery({ ...trpc.admin.prompts.get.queryOptions({ id: baseId ?? "" }), enabled: baseId !== null });

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.prompts.list.queryKey() });
  const create = useMutation(
    trpc.admin.prompts.create.mutationOptions({
      onSuccess: async (created) => {
        setProblem(null);
        setMessage(`Saved as version ${created.version}. It is not active yet.`);
        await refresh();
        if (baseId) setCompare({ fromId: baseId, toId: created.id });
        setBaseId(created.id);
      },
      onError: (error) => setProblem(describeError(error)),
    }),
  );
  const activate = useMutation(
    trpc.admin.prompts.activate.mutationOptions({
      onSuccess: async (result) => {
        setConfirming(null);
        setMessage(`Version ${result.version} is now active: new answers use it.`);
        await refresh();
      },
      onError: (error) => {
        setConfirming(null);
        setMessage(describeError(error));
      },
    }),
  );

  if (!active) return <Alert variant="warning">No prompt version exists yet. Run the seed (pnpm db:seed) to create the first one.</Alert>;
  const rollback = confirming !== null && confirming.version < active.version;

  return (
    <div className="flex flex-col gap-6">
      <p role="status" className="text-sm" data-testid="prompt-status">
        {message}
      </p>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <CardHeader>
            <CardTitle>Versions</CardTitle>
          </CardHeader>
          <CardContent>
            <Table data-testid="prompt-versions">
              <TableCaption className="sr-only">Prompt versions, newest first</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Version</TableHeaderCell>
                  <TableHeaderCell>Name and notes</TableHeaderCell>
                  <TableHeaderCell>Created</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {versions.map((v) => (
                  <TableRow key={v.id} data-testid={`prompt-version-${v.version}`} aria-current={v.id === baseId ? "true" : undefined}>
                    <TableCell className="whitespace-nowrap">
                      v{v.version}{" "}
                      {v.isActive ? (
                        <Badge variant="success" data-testid="prompt-active-badge">
                          Active
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <div className="font-medium">{v.name}</div>
                      {v.notes ? <div className="text-sm text-muted">{v.notes}</div> : null}
                    </TableCell>
                    <TableCell className="text-sm whitespace-nowrap">
                      <LocalTime value={v.createdAt} />
                      {v.createdBy ? <div className="text-muted">{v.createdBy.name}</div> : null}
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap justify-end gap-2">
                        <Button size="sm" variant="ghost" onClick={() => setBaseId(v.id)} aria-label={`Edit from version ${v.version}`}>
                          Edit from
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() =>
                            setCompare({
                              fromId: v.id === active.id ? (versions.find((o) => o.id !== v.id)?.id ?? v.id) : v.id,
                              toId: active.id,
                            })
                          }
                          aria-label={`Compare version ${v.version}`}
                          data-testid={`prompt-compare-${v.version}`}
                        >
                          Compare
                        </Button>
                        {v.isActive ? null : (
                          <Button
                            size="sm"
                            variant="secondary"
                            onClick={() => setConfirming(v)}
                            data-testid={`prompt-activate-${v.version}`}
                            aria-label={`${v.version < active.version ? "Roll back to" : "Activate"} version ${v.version}`}
                          >
                            {v.version < active.version ? "Roll back" : "Activate"}
                          </Button>
                        )}
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <ProviderCard />
      </div>

      {compare ? <PromptDiffPanel versions={versions} value={compare} onChange={setCompare} /> : null}

      {base.data ? (
        <PromptEditor
          key={base.data.id}
          version={base.data}
          saving={create.isPending}
          problem={problem}
          onSave={(input) => create.mutate(input)}
        />
      ) : null}

      <ConfirmDialog
        open={confirming !== null}
        title={rollback ? `Roll back to version ${confirming?.version}?` : `Activate version ${confirming?.version}?`}
        message={`New answers will use version ${confirming?.version} instead of version ${active.version}. Answers already given keep the version that made them.`}
        confirmLabel={rollback ? "Roll back" : "Activate"}
        pending={activate.isPending}
        onConfirm={() => confirming && activate.mutate({ id: confirming.id })}
        onCancel={() => setConfirming(null)}
        data-testid="prompt-activate-dialog"
        confirmTestId="prompt-activate-confirm"
      />
    </div>
  );
}
