"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { useDebouncedValue } from "~/hooks/use-debounced-value";

export interface PickedDocument {
  id: string;
  title: string;
}

/**
 * The documents an example relies on, picked from a title search (documents.list). An example is given only to
 * people who may read every linked document, and it is flagged stale when one of them changes.
 */
export function DocumentPicker({
  value,
  onChange,
  error,
}: {
  value: PickedDocument[];
  onChange: (documents: PickedDocument[]) => void;
  error: string | null;
}) {
  const trpc = useTRPC();
  const searchId = useId();
  const hintId = useId();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim(), 250);
  const results = useQuery({ ...trpc.documents.list.queryOptions({ query, limit: 8 }), enabled: query.length > 0 });
  const picked = new Set(value.map((d) => d.id));

  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Linked documents</legend>
      <p id={hintId} className="text-sm text-muted">
        Only people who may read all of them get this example; it is flagged for review when one of them changes.
      </p>
      {value.length > 0 ? (
        <ul className="flex flex-col gap-1" aria-label="Linked documents" data-testid="example-documents">
          {value.map((doc) => (
            <li key={doc.id} className="flex items-center justify-between gap-2 rounded-lg border border-border px-3 py-1.5 text-sm">
              <span className="truncate">{doc.title}</span>
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={() => onChange(value.filter((d) => d.id !== doc.id))}
                aria-label={`Unlink ${doc.title}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">None: everyone may be given this example.</p>
      )}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={searchId}>Find a document to link</Label>
        <Input
          id={searchId}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search titles"
          autoComplete="off"
          aria-describedby={hintId}
          data-testid="example-document-search"
        />
      </div>
      {query && results.data ? (
        results.data.items.length === 0 ? (
          <p className="text-sm text-muted">No document title matches “{query}”.</p>
        ) : (
          <ul className="flex flex-col gap-1" aria-label="Matching documents">
            {results.data.items.map((doc) => (
              <li key={doc.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="truncate">{doc.title}</span>
                <Button
                  type="button"
                  size="sm"
                  variant="secondary"
                  disabled={picked.has(doc.id)}
                  onClick={() => onChange([...value, { id: doc.id, title: doc.title }])}
                  aria-label={`Link ${doc.title}`}
                  data-testid="example-document-add"
                >
                  {picked.has(doc.id) ? "Linked" : "Link"}
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {error ? <p className="text-sm text-danger">{error}</p> : null}
    </fieldset>
  );
}
