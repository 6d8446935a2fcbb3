"use client";

import { MAX_EXAMPLE_IMPORT_CHARS } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { Label } from "@lore/ui/label";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";

import { describeError } from "~/lib/trpc-errors";

import { jsonlBatches } from "./import-batches";

interface Summary {
  imported: number;
  skipped: Array<{ line: number; message: string }>;
  errors: Array<{ line: number; message: string }>;
  embedded: boolean;
}

/** Import a JSONL file (sent in batches of whole lines) and export every example as one JSONL file. */
export function ImportExport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"import" | "export" | null>(null);
  const importBatch = useMutation(trpc.admin.examples.import.mutationOptions());

  async function runImport() {
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setProblem("Choose a .jsonl file first.");
      return;
    }
    setBusy("import");
    setProblem(null);
    setSummary(null);
    const total: Summary = { imported: 0, skipped: [], errors: [], embedded: true };
    try {
      for (const batch of jsonlBatches(await file.text(), MAX_EXAMPLE_IMPORT_CHARS)) {
        const result = await importBatch.mutateAsync(batch);
        total.imported += result.imported;
        total.skipped.push(...result.skipped);
        total.errors.push(...result.errors);
        total.embedded &&= result.embedded;
      }
    } catch (error) {
      setProblem(`${describeError(error)} The batches before this one were imported.`);
    } finally {
      setSummary(total);
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.examples.list.pathKey() });
    }
  }

  async function runExport() {
    setBusy("export");
    setProblem(null);
    try {
      const parts: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryClient.fetchQuery({ ...trpc.admin.examples.export.queryOptions(cursor ? { cursor } : {}), staleTime: 0 });
        parts.push(page.text);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const url = URL.createObjectURL(new Blob(parts, { type: "application/jsonl" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `lore-examples-${new Date().toISOString().slice(0, 10)}.jsonl`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Import and export</CardTitle>
        <CardDescription>
          JSON Lines, one example a line: {"{"}&quot;question&quot;, &quot;answer&quot;, &quot;tags&quot;,
          &quot;document_external_ids&quot;, &quot;pinned&quot;, &quot;enabled&quot;{"}"}. Good lines are imported even when others have
          errors; a question that already exists is skipped, so a fixed file can be imported again.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={fileId}>JSONL file</Label>
            <input
              id={fileId}
              ref={fileRef}
              type="file"
              accept=".jsonl,.ndjson,application/jsonl,application/x-ndjson,text/plain"
              className="text-sm file:mr-3 file:rounded-lg file:border file:border-border file:bg-surface file:px-3 file:py-1.5 file:text-sm"
              data-testid="examples-import-file"
            />
          </div>
          <Button onClick={runImport} loading={busy === "import"} disabled={busy !== null} data-testid="examples-import">
            Import
          </Button>
          <Button
            variant="secondary"
            onClick={runExport}
            loading={busy === "export"}
            disabled={busy !== null}
            data-testid="examples-export"
          >
            Export all
          </Button>
        </div>
        {problem ? <Alert variant="error">{problem}</Alert> : null}
        {summary ? (
          <Alert variant={summary.errors.length > 0 ? "warning" : "success"} data-testid="examples-import-summary">
            <p>
              {summary.imported} imported, {summary.skipped.length} skipped (already there), {summary.errors.length} with errors.
              {summary.embedded ? "" : " The embedding model could not be reached: the new examples are used once the worker embeds them."}
            </p>
            {[...summary.errors, ...summary.skipped].length > 0 ? (
              <ul className="mt-2 max-h-48 list-disc overflow-y-auto pl-5 text-xs">
                {[...summary.errors, ...summary.skipped]
                  .sort((a, b) => a.line - b.line)
                  .slice(0, 200)
                  .map((e) => (
                    <li key={`${e.line}-${e.message}`}>
                      Line {e.line}: {e.message}
                    </li>
                  ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
