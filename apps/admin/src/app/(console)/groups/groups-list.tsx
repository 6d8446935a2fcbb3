"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { EmptyNote } from "@lore/ui/empty-state";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { describeError } from "~/lib/trpc-errors";

import { GroupMembers } from "./group-members";

type Group = RouterOutputs["admin"]["groups"]["list"][number];

export function GroupsList() {
  const trpc = useTRPC();
  // Prefetched on the server (see page.tsx) and streamed in.
  const groups = useSuspenseQuery(trpc.admin.groups.list.queryOptions());

  if (groups.data.length === 0) {
    return (
      <EmptyNote data-testid="groups-empty">No groups yet. Create one for each team whose documents should stay within the team.</EmptyNote>
    );
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="Groups" data-testid="groups-list">
      {groups.data.map((group) => (
        <GroupItem key={group.id} group={group} />
      ))}
    </ul>
  );
}

function GroupItem({ group }: { group: Group }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const remove = useMutation(
    trpc.admin.groups.delete.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.admin.groups.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() }),
        ]);
      },
      onSettled: () => setConfirming(false),
    }),
  );

  return (
    <li className="rounded-xl border border-border bg-surface shadow-sm" data-testid="group-item" data-name={group.name}>
      <div className="flex flex-wrap items-start justify-between gap-3 px-5 py-4">
        <div className="flex min-w-0 flex-col gap-1">
          <h2 className="font-mono text-sm font-semibold text-fg">{group.name}</h2>
          {group.description ? <p className="text-sm text-muted">{group.description}</p> : null}
          <div className="mt-1 flex flex-wrap gap-1.5">
            <Badge data-testid="group-member-count">
              {group.memberCount} {group.memberCount === 1 ? "member" : "members"}
            </Badge>
            <Badge variant={group.documentCount ? "warning" : "neutral"}>
              {group.documentCount} restricted {group.documentCount === 1 ? "document" : "documents"}
            </Badge>
          </div>
        </div>
        <div className="flex items-center gap-2">
          <Button
            variant="secondary"
            size="sm"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((value) => !value)}
            data-testid="group-members-toggle"
          >
            {open ? "Hide members" : "Members"}
          </Button>
          {!confirming ? (
            <Button
              variant="ghost"
              size="sm"
              className="text-danger hover:text-danger"
              onClick={() => {
                remove.reset();
                setConfirming(true);
              }}
              data-testid="group-delete"
            >
              Delete
            </Button>
          ) : null}
        </div>
      </div>

      {confirming ? (
        <div
          className="flex flex-wrap items-center justify-between gap-3 border-t border-border bg-danger-soft/60 px-5 py-3 text-sm"
          role="group"
          aria-label={`Confirm deleting ${group.name}`}
        >
          <span className="text-danger-soft-fg">
            Delete <strong>{group.name}</strong>? Its {group.memberCount} membership
            {group.memberCount === 1 ? "" : "s"} will be removed.
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" onClick={() => setConfirming(false)} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button
              variant="danger"
              size="sm"
              loading={remove.isPending}
              onClick={() => remove.mutate({ id: group.id })}
              data-testid="group-delete-confirm"
            >
              Delete group
            </Button>
          </div>
        </div>
      ) : null}

      {remove.isError ? (
        <div className="px-5 pb-4">
          <Alert variant="error" data-testid="group-delete-error">
            {describeError(remove.error)}
          </Alert>
        </div>
      ) : null}

      {open ? (
        <div id={panelId} className="border-t border-border px-5 py-4">
          <GroupMembers group={group} />
        </div>
      ) : null}
    </li>
  );
}
