"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";

import { useDebouncedValue } from "~/hooks/use-debounced-value";

/**
 * Choosing a person to act as (the inspector, Try it): a search over users, then a choice among the matches. The
 * choice follows the search, so a user no longer listed is never acted as by mistake.
 */
export function UserPicker({
  value,
  onChange,
  label = "User",
  testIds,
}: {
  value: string;
  onChange: (id: string) => void;
  label?: string;
  testIds: { search: string; select: string };
}) {
  const trpc = useTRPC();
  const searchId = useId();
  const selectId = useId();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim(), 250);
  const users = useQuery(trpc.admin.users.list.queryOptions({ query: query || undefined, limit: 20 }));
  const items = users.data?.items ?? [];
  const first = items[0]?.id;
  const listed = items.some((u) => u.id === value);
  useEffect(() => {
    if (!listed && users.data) onChange(first ?? "");
  }, [first, listed, users.data, onChange]);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={searchId}>Find a person</Label>
        <Input
          id={searchId}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Name or email"
          autoComplete="off"
          data-testid={testIds.search}
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={selectId}>{label}</Label>
        <Select id={selectId} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testIds.select}>
          {items.length === 0 ? <option value="">No one matches</option> : null}
          {items.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.email})
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}
