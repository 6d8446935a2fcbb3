"use client";

import { exampleFieldsInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@lore/ui/card";
import { ConfirmDialog } from "@lore/ui/confirm-dialog";
import { Label } from "@lore/ui/label";
import { LocalTime } from "@lore/ui/local-time";
import { Markdown } from "@lore/ui/markdown";
import { Switch } from "@lore/ui/switch";
import { Tabs } from "@lore/ui/tabs";
import { TagInput } from "@lore/ui/tag-input";
import { Textarea } from "@lore/ui/textarea";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { z } from "zod";

import { describeError } from "~/lib/trpc-errors";

import { DocumentPicker, type PickedDocument } from "./document-picker";
import { TryPanel } from "./try-panel";

export interface EditorValues {
  question: string;
  answer: string;
  tags: string[];
  documents: PickedDocument[];
  pinned: boolean;
  enabled: boolean;
}

export interface ExistingExample {
  id: string;
  reviewedAt: Date;
  pending: boolean;
  stale: Array<{ documentId: string; title: string; href: string; changedAt: Date }>;
}

/** What the rated answer said, shown beside the editor when the example is made from inbox feedback. */
export interface FeedbackReference {
  id: string;
  rating: 1 | -1;
  answer: string;
  comment: string | null;
}

type FieldErrors = Partial<Record<"question" | "answer" | "tags" | "documentIds", string>>;

/**
 * The example editor (new and existing): question, ideal answer with a Markdown preview, tags, linked documents,
 * pinned and enabled; Try it below. Validated with the procedure's own schema before sending.
 */
export function ExampleEditor({
  initial,
  existing,
  feedback,
}: {
  initial: EditorValues;
  existing?: ExistingExample;
  feedback?: FeedbackReference;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const ids = { question: useId(), answer: useId(), tags: useId() };
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = <K extends keyof EditorValues>(key: K, value: EditorValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.admin.examples.pathKey() });
  };
  const onError = (error: unknown) => setProblem(describeError(error));
  const create = useMutation(
    trpc.admin.examples.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await refresh();
        router.push(`/examples/${id}?saved=1`);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.admin.examples.update.mutationOptions({
      onSuccess: async (result) => {
        await refresh();
        setSaved(
          result.changed.length === 0
            ? "Nothing changed."
            : `Saved (${result.changed.join(", ")}).${result.embedded ? "" : " The embedding model could not be reached: the new question is used once the worker embeds it."}`,
        );
      },
      onError,
    }),
  );
  const markReviewed = useMutation(trpc.admin.examples.markReviewed.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(
    trpc.admin.examples.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        router.push("/examples");
      },
      onError: (error) => {
        setConfirmDelete(false);
        onError(error);
      },
    }),
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setSaved(null);
    const parsed = exampleFieldsInput.safeParse({
      question: values.question,
      answer: values.answer,
      tags: values.tags,
      documentIds: values.documents.map((d) => d.id),
      pinned: values.pinned,
      enabled: values.enabled,
    });
    if (!parsed.success) {
      const { fieldErrors } = z.flattenError(parsed.error);
      setErrors({
        question: fieldErrors.question?.[0],
        answer: fieldErrors.answer?.[0],
        tags: fieldErrors.tags?.[0],
        documentIds: fieldErrors.documentIds?.[0],
      });
      return;
    }
    setErrors({});
    if (existing) update.mutate({ id: existing.id, ...parsed.data });
    else create.mutate({ ...parsed.data, ...(feedback ? { feedbackId: feedback.id } : {}) });
  }

  const answerField = (
    <Tabs
      aria-label="Ideal answer"
      data-testid="example-answer-tabs"
      items={[
        {
          id: "write",
          label: "Write",
          content: (
            <Textarea
              id={ids.answer}
              rows={10}
              value={values.answer}
              onChange={(e) => set("answer", e.target.value)}
              invalid={Boolean(errors.answer)}
              aria-labelledby={`${ids.answer}-label`}
              aria-describedby={errors.answer ? `${ids.answer}-error` : undefined}
              placeholder={feedback?.rating === -1 ? "Write the corrected answer (Markdown)." : "The answer Lore should give (Markdown)."}
              data-testid="example-answer"
            />
          ),
        },
        {
          id: "preview",
          label: "Preview",
          testId: "example-answer-preview-tab",
          content: (
            <div className="min-h-40 rounded-lg border border-border p-3" data-testid="example-answer-preview">
              {values.answer.trim() ? <Markdown>{values.answer}</Markdown> : <p className="text-sm text-muted">Nothing to preview yet.</p>}
            </div>
          ),
        },
      ]}
    />
  );

  return (
    <div className="flex flex-col gap-6">
      {existing && existing.stale.length > 0 ? (
        <Alert variant="warning" title="Needs review" data-testid="example-stale-alert">
          <p>A linked document changed after this example was last reviewed. Check the answer against the change:</p>
          <ul className="mt-1 list-disc pl-5">
            {existing.stale.map((link) => (
              <li key={link.documentId}>
                <Link href={link.href} className="underline underline-offset-4">
                  {link.title}
                </Link>{" "}
                (changed <LocalTime value={link.changedAt} />)
              </li>
            ))}
          </ul>
          <Button
            className="mt-2"
            size="sm"
            variant="secondary"
            loading={markReviewed.isPending}
            onClick={() => existing && markReviewed.mutate({ id: existing.id })}
            data-testid="example-mark-reviewed"
          >
            Mark reviewed
          </Button>
        </Alert>
      ) : null}

      <form onSubmit={handleSubmit} noValidate className="flex flex-col gap-5" aria-label={existing ? "Edit example" : "New example"}>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.question}>Question</Label>
          <Textarea
            id={ids.question}
            rows={2}
            value={values.question}
            onChange={(e) => set("question", e.target.value)}
            invalid={Boolean(errors.question)}
            aria-describedby={errors.question ? `${ids.question}-error` : undefined}
            data-testid="example-question"
          />
          {errors.question ? (
            <p id={`${ids.question}-error`} className="text-sm text-danger">
              {errors.question}
            </p>
          ) : null}
        </div>

        <div className={feedback?.rating === -1 ? "grid gap-4 lg:grid-cols-2" : ""}>
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium" id={`${ids.answer}-label`}>
              Ideal answer
            </span>
            {answerField}
            {errors.answer ? (
              <p id={`${ids.answer}-error`} className="text-sm text-danger">
                {errors.answer}
              </p>
            ) : null}
          </div>
          {feedback?.rating === -1 ? (
            <Card data-testid="example-feedback-reference">
              <CardHeader>
                <CardTitle>The answer that was rated down</CardTitle>
              </CardHeader>
              <CardContent className="flex flex-col gap-3">
                <Markdown>{feedback.answer}</Markdown>
                {feedback.comment ? (
                  <p className="text-sm">
                    <span className="font-medium">Comment: </span>
                    {feedback.comment}
                  </p>
                ) : null}
              </CardContent>
            </Card>
          ) : null}
        </div>

        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.tags}>Tags</Label>
          <TagInput id={ids.tags} value={values.tags} onChange={(tags) => set("tags", tags)} listLabel="Tags" error={errors.tags ?? null} />
        </div>

        <DocumentPicker value={values.documents} onChange={(documents) => set("documents", documents)} error={errors.documentIds ?? null} />

        <div className="flex flex-wrap gap-6">
          <Switch
            label="Pinned"
            description="Always offered first (still within k and the token budget)."
            checked={values.pinned}
            onChange={(e) => set("pinned", e.target.checked)}
            data-testid="example-pinned"
          />
          <Switch
            label="Enabled"
            description="Disabled examples are never used."
            checked={values.enabled}
            onChange={(e) => set("enabled", e.target.checked)}
            data-testid="example-enabled"
          />
        </div>

        {problem ? <Alert variant="error">{problem}</Alert> : null}
        {saved ? (
          <Alert variant="success" data-testid="example-saved">
            {saved}
          </Alert>
        ) : null}

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="example-save">
            {existing ? "Save changes" : "Create example"}
          </Button>
          {existing ? (
            <>
              <Button type="button" variant="danger" onClick={() => setConfirmDelete(true)} data-testid="example-delete">
                Delete
              </Button>
              {existing.pending ? <Badge variant="warning">Not embedded yet</Badge> : null}
              <span className="text-sm text-muted">
                Last reviewed <LocalTime value={existing.reviewedAt} />
              </span>
            </>
          ) : null}
        </div>
      </form>

      {existing ? <TryPanel defaultQuestion={values.question} /> : null}

      <ConfirmDialog
        open={confirmDelete}
        title="Delete this example?"
        message="Lore stops using it at once. The audit log keeps what it said."
        confirmLabel="Delete"
        variant="danger"
        pending={remove.isPending}
        onConfirm={() => existing && remove.mutate({ id: existing.id })}
        onCancel={() => setConfirmDelete(false)}
        confirmTestId="example-delete-confirm"
      />
    </div>
  );
}
