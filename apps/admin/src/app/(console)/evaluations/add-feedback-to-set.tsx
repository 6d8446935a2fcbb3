"use client";

import { evalCaseFromFeedbackInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Dialog } from "@lore/ui/dialog";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { Textarea } from "@lore/ui/textarea";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";

import { describeError } from "~/lib/trpc-errors";

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * "Add to an evaluation set", for a thumbs-down in the feedback inbox: the rated question becomes a regression case
 * once the admin writes what the answer should have said (its sources default to the documents the answer cited).
 */
export function AddFeedbackToSet({ feedbackId }: { feedbackId: string }) {
  const [open, setOpen] = useState(false);
  const [added, setAdded] = useState<{ setId: string; name: string } | null>(null);
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} data-testid="feedback-to-eval">
        Add to an evaluation set
      </Button>
      {added ? (
        <Link href={`/evaluations/sets/${added.setId}`} className="text-sm text-accent underline-offset-4 hover:underline">
          Added to {added.name}
        </Link>
      ) : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Add to an evaluation set"
        description="The question becomes a case that runs check from now on. Write what the answer should have said."
      >
        <AddForm
          feedbackId={feedbackId}
          onCancel={() => setOpen(false)}
          onAdded={(set) => {
            setAdded(set);
            setOpen(false);
          }}
        />
      </Dialog>
    </>
  );
}

function AddForm({
  feedbackId,
  onCancel,
  onAdded,
}: {
  feedbackId: string;
  onCancel: () => void;
  onAdded: (set: { setId: string; name: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { set: useId(), answers: useId(), sources: useId() };
  const sets = useQuery(trpc.admin.evaluations.sets.list.queryOptions());
  const [setId, setSetId] = useState("");
  const [answers, setAnswers] = useState("");
  const [sources, setSources] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const add = useMutation(
    trpc.admin.evaluations.cases.fromFeedback.mutationOptions({
      onSuccess: async (_case, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
        onAdded({ setId: input.setId, name: sets.data?.find((s) => s.id === input.setId)?.name ?? "the set" });
      },
      onError: (error) => setProblem(describeError(error)),
    }),
  );
  const chosen = setId || sets.data?.[0]?.id || "";

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = evalCaseFromFeedbackInput.safeParse({
      setId: chosen,
      feedbackId,
      answers: lines(answers),
      ...(lines(sources).length ? { sourceIds: lines(sources) } : {}),
    });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? "Some fields are not valid.");
      return;
    }
    setProblem(null);
    add.mutate(parsed.data);
  }

  if (sets.data && sets.data.length === 0)
    return (
      <p className="text-sm">
        There is no evaluation set yet.{" "}
        <Link href="/evaluations" className="text-accent underline underline-offset-4">
          Create one
        </Link>{" "}
        first.
      </p>
    );
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4" data-testid="feedback-to-eval-form">
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.set}>Set</Label>
        <Select id={ids.set} value={chosen} onChange={(e) => setSetId(e.target.value)}>
          {sets.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.answers}>Expected answer (one a line)</Label>
        <Textarea
          id={ids.answers}
          rows={3}
          value={answers}
          onChange={(e) => setAnswers(e.target.value)}
          data-testid="feedback-to-eval-answer"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.sources}>Source documents (external ids, one a line; empty: those the answer cited)</Label>
        <Textarea id={ids.sources} rows={2} value={sources} onChange={(e) => setSources(e.target.value)} />
      </div>
      {problem ? <Alert variant="error">{problem}</Alert> : null}
      <div className="flex justify-end gap-3">
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={add.isPending} disabled={!chosen} data-testid="feedback-to-eval-save">
          Add the case
        </Button>
      </div>
    </form>
  );
}
