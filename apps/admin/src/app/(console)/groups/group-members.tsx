"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import { Spinner } from "@lore/ui/spinner";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";

import { useDebouncedValue } from "~/hooks/use-debounced-value";
import { describeError } from "~/lib/trpc-errors";

type Group = RouterOutputs["admin"]["groups"]["list"][number];

/** The members of one group, with removing and adding people. */
export function GroupMembers({ group }: { group: Group }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const searchId = useId();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim(), 250);

  const members = useQuery(trpc.admin.groups.members.queryOptions({ id: group.id }));
  const candidates = useQuery({
    ...trpc.admin.users.list.queryOptions({ query, limit: 8 }),
    enabled: query.length >= 2,
  });

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.admin.groups.members.queryKey({ id: group.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.groups.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() }),
    ]);
  }

  const add = useMutation(trpc.admin.groups.addMember.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.admin.groups.removeMember.mutationOptions({ onSuccess: refresh }));
  const failure = add.error ?? remove.error;

  const memberIds = new Set(members.data?.map((member) => member.id));
  const addable = candidates.data?.items.filter((user) => !memberIds.has(user.id)) ?? [];

  return (
    <div className="flex flex-col gap-5" data-testid="group-members">
      {failure ? <Alert variant="error">{describeError(failure)}</Alert> : null}

      <section className="flex flex-col gap-2">
        <h3 className="text-sm font-semibold">Members</h3>
        {members.isPending ? (
          <div className="flex items-center gap-2 text-sm text-muted">
            <Spinner size="sm" label={null} /> Loading members…
          </div>
        ) : members.isError ? (
          <Alert variant="error">{describeError(members.error)}</Alert>
        ) : members.data.length === 0 ? (
          <p className="text-sm text-muted" data-testid="group-members-empty">
            Nobody is in this group yet.
          </p>
        ) : (
          <ul className="divide-y divide-border rounded-lg border border-border" aria-label={`Members of ${group.name}`}>
            {members.data.map((member) => (
              <li
                key={member.id}
                className="flex items-center justify-between gap-3 px-3 py-2 text-sm"
                data-testid="group-member"
                data-email={member.email}
              >
                <span className="min-w-0">
                  <span className="font-medium">{member.name}</span> <span className="text-muted">{member.email}</span>
                </span>
                <Button
                  variant="ghost"
                  size="sm"
                  loading={remove.isPending && remove.variables.userId === member.id}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ groupId: group.id, userId: member.id })}
                  aria-label={`Remove ${member.name} from ${group.name}`}
                  data-testid="group-member-remove"
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="flex flex-col gap-2">
        <Label htmlFor={searchId}>Add people</Label>
        <Input
          id={searchId}
          type="search"
          placeholder="Search by name or email (at least 2 characters)"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          data-testid="group-member-search"
        />
        {query.length >= 2 ? (
          candidates.isPending ? (
            <div className="flex items-center gap-2 text-sm text-muted">
              <Spinner size="sm" label={null} /> Searching…
            </div>
          ) : candidates.isError ? (
            <Alert variant="error">{describeError(candidates.error)}</Alert>
          ) : addable.length === 0 ? (
            <p className="text-sm text-muted">
              {candidates.data.items.length ? "Everyone who matches is already a member." : `Nobody matches “${query}”.`}
            </p>
          ) : (
            <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Matching people">
              {addable.map((user) => (
                <li
                  key={user.id}
                  className="flex items-center justify-between gap-3 px-3 py-2 text-sm"
                  data-testid="group-candidate"
                  data-email={user.email}
                >
                  <span className="min-w-0">
                    <span className="font-medium">{user.name}</span> <span className="text-muted">{user.email}</span>
                  </span>
                  <Button
                    variant="secondary"
                    size="sm"
                    loading={add.isPending && add.variables.userId === user.id}
                    disabled={add.isPending}
                    onClick={() => add.mutate({ groupId: group.id, userId: user.id })}
                    aria-label={`Add ${user.name} to ${group.name}`}
                    data-testid="group-candidate-add"
                  >
                    Add
                  </Button>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
    </div>
  );
}
