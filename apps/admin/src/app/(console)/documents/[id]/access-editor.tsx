"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@lore/ui/card";
import { Checkbox } from "@lore/ui/checkbox";
import { Label } from "@lore/ui/label";
import { TagInput } from "@lore/ui/tag-input";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { describeError } from "~/lib/trpc-errors";

/** Who may read the document (groups; none = everyone) and its tags, saved together (audited as document.access_changed). */
export function AccessEditor({ id, groups, tags }: { id: string; groups: string[]; tags: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tagsId = useId();
  const allGroups = useSuspenseQuery(trpc.admin.groups.list.queryOptions()).data;
  const [chosen, setChosen] = useState(groups);
  const [draftTags, setDraftTags] = useState(tags);
  const [status, setStatus] = useState("");
  const save = useMutation(
    trpc.documents.setAccess.mutationOptions({
      onSuccess: async () => {
        setStatus("Saved.");
        await queryClient.invalidateQueries({ queryKey: trpc.documents.get.queryKey({ id }) });
      },
      onError: (error) => setStatus(describeError(error)),
    }),
  );
  const changed = chosen.slice().sort().join("\n") !== groups.slice().sort().join("\n") || draftTags.join("\n") !== tags.join("\n");
  return (
    <Card>
      <CardHeader>
        <CardTitle>Access and tags</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-fg">Readable by</legend>
          <p className="text-sm text-muted">{chosen.length === 0 ? "Everyone (no group ticked)." : "Only members of the ticked groups."}</p>
          {allGroups.map((g) => (
            <Checkbox
              key={g.id}
              label={g.name}
              checked={chosen.includes(g.name)}
              onChange={(event) => {
                const on = event.currentTarget.checked;
                setChosen((all) => (on ? [...all, g.name] : all.filter((n) => n !== g.name)));
              }}
              data-testid={`access-group-${g.name}`}
            />
          ))}
        </fieldset>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={tagsId}>Tags</Label>
          <TagInput id={tagsId} value={draftTags} onChange={setDraftTags} listLabel="Document tags" data-testid="document-tags" />
        </div>
        <div className="flex items-center justify-between gap-3">
          <p role="status" className="text-sm text-muted" data-testid="access-status">
            {status}
          </p>
          <Button
            disabled={!changed}
            loading={save.isPending}
            onClick={() => save.mutate({ id, groups: chosen, tags: draftTags })}
            data-testid="access-save"
          >
            Save
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
