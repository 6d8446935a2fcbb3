"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { nextPageCursor } from "@lore/ui/cursor-pages";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import { LocalTime } from "@lore/ui/local-time";
import { PagedList } from "@lore/ui/paged-list";
import { Select } from "@lore/ui/select";
import { Spinner } from "@lore/ui/spinner";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { EmptyNote } from "@lore/ui/empty-state";
import { useMutation, useQueryClient, useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { useDeferredValue, useId, useState } from "react";

import { useDebouncedValue } from "~/hooks/use-debounced-value";
import { describeError } from "~/lib/trpc-errors";

import { USERS_PAGE_SIZE } from "./constants";
import { NewUserButton } from "./new-user-dialog";
import { UserStatusAction } from "./user-status-action";

type User = RouterOutputs["admin"]["users"]["list"]["items"][number];
type Role = "employee" | "admin";

const ROLE_LABELS: Record<Role, string> = { employee: "Employee", admin: "Admin" };
const METHOD_LABELS: Record<User["signInMethods"][number], string> = { password: "Password", sso: "SSO" };
type StatusFilter = "" | "active" | "deactivated";

export function UsersTable({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const searchId = useId();
  const statusId = useId();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("");
  // Deferred: while a new search loads, the current results stay on screen instead of a fallback.
  const query = useDeferredValue(useDebouncedValue(search.trim(), 250));
  // Deferred too: the list stays on screen while the other status loads.
  const shownStatus = useDeferredValue(status);
  const searching = query !== search.trim() || shownStatus !== status;
  const [announcement, setAnnouncement] = useState("");

  // The first page is prefetched on the server (see page.tsx) and streamed in.
  const users = useSuspenseInfiniteQuery(
    trpc.admin.users.list.infiniteQueryOptions(
      { query: query || undefined, status: shownStatus || undefined, limit: USERS_PAGE_SIZE },
      { getNextPageParam: nextPageCursor },
    ),
  );

  return (
    <PagedList
      query={users}
      header={
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="flex flex-wrap items-end gap-3">
            <div className="flex w-72 max-w-full flex-col gap-1.5">
              <Label htmlFor={searchId}>Search</Label>
              <Input
                id={searchId}
                type="search"
                placeholder="Name or email"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                autoComplete="off"
                spellCheck={false}
                data-testid="users-search"
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={statusId}>Status</Label>
              <Select
                id={statusId}
                className="w-40"
                value={status}
                onChange={(event) => setStatus(event.target.value as StatusFilter)}
                data-testid="users-status-filter"
              >
                <option value="">Everyone</option>
                <option value="active">Active</option>
                <option value="deactivated">Deactivated</option>
              </Select>
            </div>
          </div>
          <div className="flex items-center gap-3">
            {searching ? <Spinner size="sm" label="Searching" /> : null}
            <p role="status" className="text-sm text-muted" data-testid="users-status">
              {announcement}
            </p>
            <NewUserButton onCreated={setAnnouncement} />
          </div>
        </div>
      }
      empty={<EmptyNote>{query ? `Nobody matches “${query}”.` : shownStatus ? `No ${shownStatus} users.` : "No users yet."}</EmptyNote>}
      loadMoreLabel="Show more"
      loadMoreTestId="users-load-more"
    >
      {(rows) => (
        <Table className="min-w-[60rem]" data-testid="users-table" aria-busy={searching || users.isFetching || undefined}>
          <TableCaption>Users{query ? ` matching “${query}”` : ""}</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Person</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Signs in with</TableHeaderCell>
              <TableHeaderCell>Groups</TableHeaderCell>
              <TableHeaderCell>Last sign-in</TableHeaderCell>
              <TableHeaderCell>Joined</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((user) => (
              <UserRow key={user.id} user={user} isSelf={user.id === currentUserId} onChanged={setAnnouncement} />
            ))}
          </TableBody>
        </Table>
      )}
    </PagedList>
  );
}

function UserRow({ user, isSelf, onChanged }: { user: User; isSelf: boolean; onChanged: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selectId = useId();
  const errorId = useId();
  const role: Role = user.role === "admin" ? "admin" : "employee";

  const setRole = useMutation(
    trpc.admin.users.setRole.mutationOptions({
      onSuccess: async (result) => {
        onChanged(`${user.name} is now ${result.role === "admin" ? "an admin" : "an employee"}.`);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() });
      },
    }),
  );
  const shownRole: Role = setRole.isPending ? setRole.variables.role : role;

  return (
    <TableRow data-testid="user-row" data-email={user.email} data-status={user.status}>
      <TableCell>
        <div className="flex flex-col">
          <span className="flex items-center gap-2 font-medium">
            {user.name}
            {isSelf ? <Badge>You</Badge> : null}
            {user.status === "deactivated" ? (
              <Badge variant="danger" data-testid="user-deactivated">
                Deactivated
              </Badge>
            ) : null}
          </span>
          <span className="text-muted">{user.email}</span>
        </div>
      </TableCell>
      <TableCell>
        <div className="flex flex-col gap-1">
          <label htmlFor={selectId} className="sr-only">
            Role of {user.name}
          </label>
          <div className="flex items-center gap-2">
            <Select
              id={selectId}
              controlSize="sm"
              className="w-36 min-w-36 shrink-0"
              value={shownRole}
              disabled={isSelf || setRole.isPending}
              title={isSelf ? "Another admin has to change your own role." : undefined}
              aria-describedby={setRole.isError ? errorId : undefined}
              onChange={(event) => {
                const next = event.target.value === "admin" ? "admin" : "employee";
                if (next !== role) setRole.mutate({ userId: user.id, role: next });
              }}
              data-testid="role-select"
            >
              {(Object.keys(ROLE_LABELS) as Role[]).map((value) => (
                <option key={value} value={value}>
                  {ROLE_LABELS[value]}
                </option>
              ))}
            </Select>
            {setRole.isPending ? <Spinner size="sm" label="Saving" /> : null}
          </div>
          {setRole.isError ? (
            <p id={errorId} role="alert" className="max-w-xs text-xs text-danger" data-testid="role-error">
              {describeError(setRole.error)}
            </p>
          ) : null}
        </div>
      </TableCell>
      <TableCell>
        {user.signInMethods.length ? (
          <ul className="flex flex-wrap gap-1" aria-label={`How ${user.name} signs in`} data-testid="user-methods">
            {user.signInMethods.map((method) => (
              <li key={method}>
                <Badge variant={method === "sso" ? "accent" : "neutral"}>{METHOD_LABELS[method]}</Badge>
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-muted">No way yet</span>
        )}
      </TableCell>
      <TableCell>
        {user.groups.length ? (
          <ul className="flex flex-wrap gap-1" aria-label={`Groups of ${user.name}`}>
            {user.groups.map((group) => (
              <li key={group.id}>
                <Badge variant="accent">{group.name}</Badge>
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-muted">None</span>
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted">
        {user.lastSignInAt ? <LocalTime value={user.lastSignInAt} format={{ dateStyle: "medium", timeStyle: "short" }} /> : "Never"}
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted">
        <LocalTime value={user.createdAt} format={{ dateStyle: "medium" }} />
      </TableCell>
      <TableCell>
        <UserStatusAction user={user} isSelf={isSelf} onChanged={onChanged} />
      </TableCell>
    </TableRow>
  );
}
