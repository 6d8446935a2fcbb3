"use client";

import { importEvalCasesInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { jsonlBatches } from "../examples/import-batches";

/** What the file pickers offer. */
export const JSONL_ACCEPT = ".jsonl,.ndjson,application/jsonl,application/x-ndjson,text/plain";

/** The most characters one import call takes (the procedure's own limit). */
const MAX_IMPORT_CHARS = importEvalCasesInput.shape.text.maxLength ?? 600_000;

export interface ImportOutcome {
  imported: number;
  errors: Array<{ line: number; message: string }>;
  /** Batches sent before the one that failed were imported (a file over one call's limit is sent in several). */
  batches: number;
}

/**
 * Imports a JSONL file into a set. One call is all or nothing; a file larger than a call takes is sent in batches of
 * whole lines, and stops at the first batch with errors (the batches before it stay imported).
 */
export function useImportCases() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const importBatch = useMutation(trpc.admin.evaluations.sets.import.mutationOptions());
  return async (setId: string, file: File): Promise<ImportOutcome> => {
    const outcome: ImportOutcome = { imported: 0, errors: [], batches: 0 };
    try {
      for (const batch of jsonlBatches(await file.text(), MAX_IMPORT_CHARS)) {
        const result = await importBatch.mutateAsync({ setId, ...batch });
        outcome.batches += 1;
        outcome.imported += result.imported;
        if (result.errors.length > 0) {
          outcome.errors.push(...result.errors);
          break;
        }
      }
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
    }
    return outcome;
  };
}

/** Downloads a set as JSONL, following the export's pages. */
export function useExportSet() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (set: { id: string; name: string }) => {
    const parts: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryClient.fetchQuery({
        ...trpc.admin.evaluations.sets.export.queryOptions(cursor ? { setId: set.id, cursor } : { setId: set.id }),
        staleTime: 0,
      });
      parts.push(page.text);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const url = URL.createObjectURL(new Blob(parts, { type: "application/jsonl" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${set.name.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "evaluation-set"}.jsonl`;
    link.click();
    URL.revokeObjectURL(url);
  };
}
