"use client";

import { createEvalSetInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { ConfirmDialog } from "@lore/ui/confirm-dialog";
import { Dialog } from "@lore/ui/dialog";
import { EmptyNote } from "@lore/ui/empty-state";
import { Field } from "@lore/ui/field";
import { FileInput } from "@lore/ui/file-input";
import { LocalTime } from "@lore/ui/local-time";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { STATUS, type RunStatus } from "./format";
import { ImportSummary } from "./import-summary";
import { JSONL_ACCEPT, useExportSet, useImportCases, type ImportOutcome } from "./jsonl";

/** The evaluation sets: create (optionally from a JSONL file), export, delete. */
export function SetsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sets = useQuery(trpc.admin.evaluations.sets.list.queryOptions());
  const exportSet = useExportSet();
  const [problem, setProblem] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string; cases: number; runs: number } | null>(null);
  const remove = useMutation(
    trpc.admin.evaluations.sets.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
      },
    }),
  );

  async function download(set: { id: string; name: string }) {
    setExporting(set.id);
    setProblem(null);
    try {
      await exportSet(set);
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setExporting(null);
    }
  }

  return (
    <section aria-labelledby="eval-sets-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="eval-sets-heading" className="text-lg font-semibold text-fg">
          Evaluation sets
        </h2>
        <NewSetButton />
      </div>
      {problem ? <Alert variant="error">{problem}</Alert> : null}
      {sets.error ? <Alert variant="error">{describeError(sets.error)}</Alert> : null}
      {!sets.data ? (
        sets.error ? null : (
          <LoadingBlock label="Loading the sets…" />
        )
      ) : sets.data.length === 0 ? (
        <EmptyNote data-testid="eval-sets-empty">
          No evaluation set yet. Create one and import its questions (JSON Lines: question, answers, source_ids, answerable).
        </EmptyNote>
      ) : (
        <Table className="min-w-[44rem]" data-testid="eval-sets-table" aria-label="Evaluation sets">
          <TableCaption>Evaluation sets</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Set</TableHeaderCell>
              <TableHeaderCell className="text-right">Cases</TableHeaderCell>
              <TableHeaderCell className="text-right">Runs</TableHeaderCell>
              <TableHeaderCell>Last run</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sets.data.map((set) => (
              <TableRow key={set.id} data-testid="eval-set-row">
                <TableCell className="max-w-md">
                  <Link
                    href={`/evaluations/sets/${set.id}`}
                    className="font-medium text-accent underline-offset-4 hover:underline"
                    data-testid="eval-set-link"
                  >
                    {set.name}
                  </Link>
                  {set.description ? <p className="line-clamp-2 text-xs text-muted">{set.description}</p> : null}
                </TableCell>
                <TableCell className="text-right tabular-nums">{set.cases}</TableCell>
                <TableCell className="text-right tabular-nums">{set.runs}</TableCell>
                <TableCell className="whitespace-nowrap text-muted">
                  {set.lastRun ? (
                    <Link href={`/evaluations/runs/${set.lastRun.id}`} className="flex items-center gap-2 hover:underline">
                      <Badge variant={STATUS[set.lastRun.status as RunStatus]?.variant ?? "neutral"}>
                        {STATUS[set.lastRun.status as RunStatus]?.label ?? set.lastRun.status}
                      </Badge>
                      <LocalTime value={set.lastRun.createdAt} />
                    </Link>
                  ) : (
                    "—"
                  )}
                </TableCell>
                <TableCell>
                  <div className="flex justify-end gap-2">
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={exporting === set.id}
                      disabled={set.cases === 0}
                      onClick={() => void download(set)}
                      aria-label={`Export ${set.name} as JSONL`}
                      data-testid="eval-set-export"
                    >
                      Export
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setDeleting(set)}
                      aria-label={`Delete ${set.name}`}
                      data-testid="eval-set-delete"
                    >
                      Delete
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        message={
          <>
            Its {deleting?.cases ?? 0} cases and {deleting?.runs ?? 0} runs, with their results, are deleted. A run in progress stops at its
            next case. This cannot be undone.
            {remove.error ? <span className="mt-2 block text-danger">{describeError(remove.error)}</span> : null}
          </>
        }
        confirmLabel="Delete the set"
        variant="danger"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
        confirmTestId="eval-set-delete-confirm"
      />
    </section>
  );
}

/** "New set": a name, a description and optionally a JSONL file imported into it at once. */
function NewSetButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="eval-set-new">
        New set
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New evaluation set"
        description="Questions with their expected answers and source documents. Import them from JSON Lines now, or add them by hand on the set's page."
      >
        <NewSetForm onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function NewSetForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const create = useMutation(trpc.admin.evaluations.sets.create.mutationOptions());
  const importCases = useImportCases();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = createEvalSetInput.safeParse({ name, description: description.trim() || null });
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message ?? "Name the set.");
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const set = await create.mutateAsync(parsed.data);
      const file = fileRef.current?.files?.[0];
      if (file) {
        const result = await importCases(set.id, file);
        if (result.errors.length > 0) {
          // The set exists (empty): show why the file was refused, and let the admin fix it on the set's page.
          setOutcome(result);
          setProblem("The set was created, but its file was not imported.");
          return;
        }
      }
      router.push(`/evaluations/sets/${set.id}${file ? "?imported=1" : ""}`);
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4" data-testid="eval-set-form">
      <Field
        label="Name"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setNameError(null);
        }}
        error={nameError}
        autoComplete="off"
        required
        data-testid="eval-set-name"
      />
      <Field
        label="Description"
        hint="Optional: what the questions cover, where they come from."
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        autoComplete="off"
      />
      <FileInput
        label="JSONL file (optional)"
        ref={fileRef}
        accept={JSONL_ACCEPT}
        hint={
          <>
            One case a line: {"{"}&quot;id&quot;, &quot;question&quot;, &quot;answers&quot;, &quot;source_ids&quot;, &quot;answerable&quot;
            {"}"}. All or nothing: a bad line imports nothing and is listed.
          </>
        }
        data-testid="eval-set-file"
      />
      {problem ? <Alert variant="error">{problem}</Alert> : null}
      {outcome ? <ImportSummary outcome={outcome} /> : null}
      <div className="flex justify-end gap-3">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" loading={busy} data-testid="eval-set-create">
          Create
        </Button>
      </div>
    </form>
  );
}
