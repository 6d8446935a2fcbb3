"use client";

import type { RouterOutputs } from "@lore/api";
import { createEvalCaseInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Checkbox } from "@lore/ui/checkbox";
import { Dialog } from "@lore/ui/dialog";
import { Field } from "@lore/ui/field";
import { Label } from "@lore/ui/label";
import { Textarea } from "@lore/ui/textarea";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { describeError } from "~/lib/trpc-errors";

export type EvalCase = RouterOutputs["admin"]["evaluations"]["cases"]["list"]["items"][number];

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** Add a case (no `initial`) or edit one, in a dialog. */
export function CaseDialog({
  setId,
  initial,
  open,
  onClose,
}: {
  setId: string;
  initial: EvalCase | null;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={initial ? "Edit the case" : "New case"}
      description="A run passes an answerable case when the answer contains an expected answer (or overlaps it enough) and cites one of its source documents; an unanswerable one when the answer refuses."
    >
      <CaseForm setId={setId} initial={initial} onDone={onClose} />
    </Dialog>
  );
}

function CaseForm({ setId, initial, onDone }: { setId: string; initial: EvalCase | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { question: useId(), scenario: useId(), answers: useId(), sources: useId() };
  const [question, setQuestion] = useState(initial?.question ?? "");
  const [scenario, setScenario] = useState(initial?.scenario ?? "");
  const [answers, setAnswers] = useState((initial?.answers ?? []).join("\n"));
  const [sources, setSources] = useState((initial?.sourceIds ?? []).join("\n"));
  const [externalId, setExternalId] = useState(initial?.externalId ?? "");
  const [answerable, setAnswerable] = useState(initial?.answerable ?? true);
  const [problem, setProblem] = useState<string | null>(null);
  const done = {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
      onDone();
    },
    onError: (error: unknown) => setProblem(describeError(error)),
  };
  const create = useMutation(trpc.admin.evaluations.cases.create.mutationOptions(done));
  const update = useMutation(trpc.admin.evaluations.cases.update.mutationOptions(done));

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      question,
      scenario: scenario.trim() || undefined,
      answers: lines(answers),
      source_ids: lines(sources),
      answerable,
      externalId: externalId.trim() || undefined,
    };
    const parsed = createEvalCaseInput.safeParse({ setId, ...fields });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setProblem(issue ? `${String(issue.path[0] ?? "case")}: ${issue.message}` : "Some fields are not valid.");
      return;
    }
    setProblem(null);
    if (initial) {
      const { setId: _set, ...rest } = parsed.data;
      update.mutate({ ...rest, id: initial.id });
    } else create.mutate(parsed.data);
  }

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4" data-testid="eval-case-form">
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.question}>Question</Label>
        <Textarea
          id={ids.question}
          rows={2}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          data-testid="eval-case-question"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.scenario}>Scenario (optional, asked before the question)</Label>
        <Textarea id={ids.scenario} rows={2} value={scenario} onChange={(e) => setScenario(e.target.value)} />
      </div>
      <Checkbox
        label="The knowledge base can answer it"
        description="Untick for a question Lore should refuse."
        checked={answerable}
        onChange={(e) => setAnswerable(e.target.checked)}
        data-testid="eval-case-answerable"
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.answers}>Expected answers (one a line)</Label>
          <Textarea
            id={ids.answers}
            rows={3}
            value={answers}
            onChange={(e) => setAnswers(e.target.value)}
            data-testid="eval-case-answers"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.sources}>Source documents (external ids, one a line)</Label>
          <Textarea
            id={ids.sources}
            rows={3}
            value={sources}
            onChange={(e) => setSources(e.target.value)}
            data-testid="eval-case-sources"
          />
        </div>
      </div>
      <Field
        label="Case id (optional)"
        hint="The JSONL id; unique in the set."
        value={externalId}
        onChange={(e) => setExternalId(e.target.value)}
      />
      {problem ? <Alert variant="error">{problem}</Alert> : null}
      <div className="flex justify-end gap-3">
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending || update.isPending} data-testid="eval-case-save">
          {initial ? "Save" : "Add the case"}
        </Button>
      </div>
    </form>
  );
}
