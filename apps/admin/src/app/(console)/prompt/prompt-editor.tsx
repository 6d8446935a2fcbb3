"use client";

import { promptParametersSchema } from "@lore/api/schemas";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { Field } from "@lore/ui/field";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { Switch } from "@lore/ui/switch";
import { Textarea } from "@lore/ui/textarea";
import { useId, useState, type FormEvent, type ReactNode } from "react";

import { formValuesOf, parametersOf, type FormValues, type PromptParameters } from "./form-values";

type Props = {
  /** The version the edit starts from. */
  version: { id: string; version: number; parameters: PromptParameters };
  saving: boolean;
  problem: string | null;
  onSave: (input: { basedOnId: string; parameters: ReturnType<typeof parametersOf>; notes: string | null }) => void;
};

function Group({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-4 rounded-lg border border-border p-4">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      <p className="-mt-2 text-sm text-muted">{description}</p>
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/** Every parameter of a version, grouped and explained; saving makes a new (inactive) version. */
export function PromptEditor({ version, saving, problem, onSave }: Props) {
  const [values, setValues] = useState<FormValues>(() => formValuesOf(version.parameters));
  const [error, setError] = useState<string | null>(null);
  const ids = { prompt: useId(), mode: useId(), fusion: useId(), standard: useId(), notes: useId() };
  const set =
    <K extends keyof FormValues>(key: K) =>
    (value: FormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof FormValues) => ({
    value: values[key] as string,
    onChange: (event: { target: { value: string } }) => set(key)(event.target.value as never),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const parameters = parametersOf(values);
    const parsed = promptParametersSchema.safeParse(parameters);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Some values are not valid.");
      return;
    }
    setError(null);
    onSave({ basedOnId: version.id, parameters, notes: values.notes.trim() || null });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-5" data-testid="prompt-editor" noValidate>
      <Card>
        <CardHeader>
          <CardTitle>Edit, starting from version {version.version}</CardTitle>
          <CardDescription>Saving creates a new version. It takes effect once you activate it.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          <Field label="Name" {...text("name")} hint="For you and other admins, e.g. “Shorter answers”." data-testid="prompt-name" />
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.prompt}>System prompt</Label>
            <Textarea
              id={ids.prompt}
              rows={10}
              {...text("systemPrompt")}
              aria-describedby={`${ids.prompt}-hint`}
              className="font-mono text-sm"
              data-testid="prompt-system"
            />
            <p id={`${ids.prompt}-hint`} className="text-sm text-muted">
              Lore adds its own grounding and citation rules and the answer language after this text.
            </p>
          </div>

          <Group title="Model" description="How the model writes. The model itself is chosen by the server's settings (see Provider).">
            <Field
              label="Temperature"
              type="number"
              step="0.05"
              min={0}
              max={2}
              {...text("temperature")}
              hint="0 = the same wording each time; higher = more varied (0–2)."
            />
            <Field
              label="Max output tokens"
              type="number"
              min={64}
              {...text("maxOutputTokens")}
              hint="The longest answer the model may write."
            />
          </Group>

          <Group title="Budget" description="What fits in the model's context window, and what is kept for the answer.">
            <Field label="Context window" type="number" min={1024} {...text("contextWindow")} hint="The model's context size in tokens." />
            <Field
              label="Reserved answer tokens"
              type="number"
              min={64}
              {...text("reservedAnswerTokens")}
              hint="Empty: the max output tokens."
            />
            <Field
              label="Safety margin"
              type="number"
              min={0}
              {...text("safetyMargin")}
              hint="Empty: 5% of the window, at least 64 tokens."
            />
            <Field
              label="History turns"
              type="number"
              min={0}
              max={20}
              {...text("historyTurns")}
              hint="Earlier messages of a conversation kept in the prompt."
            />
          </Group>

          <Group title="Examples" description="Curated questions and answers shown to the model as turns, and standard answers.">
            <Switch
              label="Use examples"
              checked={values.examplesEnabled}
              onChange={(event) => set("examplesEnabled")(event.target.checked)}
              containerClassName="sm:col-span-2"
            />
            <Field
              label="Examples (k)"
              type="number"
              min={0}
              max={10}
              {...text("fewShotK")}
              hint="At most this many examples per answer."
            />
            <Field label="Example max tokens" type="number" min={0} {...text("exampleMaxTokens")} hint="Their total size in the prompt." />
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={ids.standard}>Standard answers</Label>
              <Select
                id={ids.standard}
                value={values.standardAnswer}
                onChange={(event) => set("standardAnswer")(event.target.value as FormValues["standardAnswer"])}
              >
                <option value="default">Default (on without a model, off with one)</option>
                <option value="off">Off</option>
                <option value="custom">On above a threshold</option>
              </Select>
            </div>
            <Field
              label="Standard-answer threshold"
              type="number"
              step="0.01"
              min={0}
              max={1}
              disabled={values.standardAnswer !== "custom"}
              {...text("standardAnswerThreshold")}
              hint="An example whose question is at least this similar (0–1) is given as the answer."
            />
          </Group>

          <Group title="Retrieval" description="How passages are found in the knowledge base.">
            <Switch
              label="Search the knowledge base"
              checked={values.retrievalEnabled}
              onChange={(event) => set("retrievalEnabled")(event.target.checked)}
              containerClassName="sm:col-span-2"
            />
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={ids.mode}>Mode</Label>
              <Select id={ids.mode} value={values.mode} onChange={(event) => set("mode")(event.target.value as FormValues["mode"])}>
                <option value="hybrid">Hybrid (meaning and keywords)</option>
                <option value="vector">Meaning only (vector)</option>
                <option value="fulltext">Keywords only</option>
              </Select>
            </div>
            <Field label="Passages (k)" type="number" min={1} max={20} {...text("k")} hint="Passages given to the answer." />
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={ids.fusion}>Fusion</Label>
              <Select id={ids.fusion} value={values.fusion} onChange={(event) => set("fusion")(event.target.value as FormValues["fusion"])}>
                <option value="">Default (the server's)</option>
                <option value="relative_score">Relative score</option>
                <option value="rrf">Reciprocal rank (RRF)</option>
              </Select>
            </div>
            <Field
              label="Vector weight"
              type="number"
              step="0.05"
              min={0}
              max={1}
              {...text("vectorWeight")}
              hint="The meaning side's share in hybrid fusion (0–1). Empty: default."
            />
            <Field
              label="Candidates per retriever"
              type="number"
              min={1}
              max={200}
              {...text("candidates")}
              hint="Read before fusion. Empty: default (40)."
            />
            <Field
              label="MMR λ"
              type="number"
              step="0.05"
              min={0}
              max={1}
              {...text("mmrLambda")}
              hint="1 = most relevant only; lower = more varied passages. Empty: 0.7."
            />
            <Field
              label="Relevance threshold"
              type="number"
              step="0.01"
              min={0}
              max={1}
              {...text("refusalThreshold")}
              hint="Below this similarity, with no keyword match, Lore answers “not found”."
            />
          </Group>

          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.notes}>What changed and why (optional)</Label>
            <Textarea id={ids.notes} rows={2} {...text("notes")} data-testid="prompt-notes" />
          </div>
          {error || problem ? (
            <Alert variant="error" data-testid="prompt-error">
              {error ?? problem}
            </Alert>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setValues(formValuesOf(version.parameters))}>
              Reset
            </Button>
            <Button type="submit" loading={saving} data-testid="prompt-save">
              Save as new version
            </Button>
          </div>
        </CardContent>
      </Card>
    </form>
  );
}
