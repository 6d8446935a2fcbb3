"use client";

import { startEvalRunInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Checkbox } from "@lore/ui/checkbox";
import { Dialog } from "@lore/ui/dialog";
import { Field } from "@lore/ui/field";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { Switch } from "@lore/ui/switch";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

import { describeError } from "~/lib/trpc-errors";

import { compareHref } from "./runs-table";

interface Values {
  label: string;
  promptConfigId: string;
  retrieval: boolean;
  mode: "vector" | "fulltext" | "hybrid";
  k: string;
  fusion: "" | "relative_score" | "rrf";
  mmrLambda: string;
  refusalThreshold: string;
  examples: boolean;
  examplesK: string;
  answerer: "model" | "extractive";
  judge: boolean;
}

const INITIAL: Values = {
  label: "",
  promptConfigId: "",
  retrieval: true,
  mode: "hybrid",
  k: "",
  fusion: "",
  mmrLambda: "",
  refusalThreshold: "",
  examples: true,
  examplesK: "",
  answerer: "model",
  judge: false,
};

const numberOrUndefined = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The procedure's input from the form; settings left empty come from the prompt version. */
function runInput(setId: string, v: Values) {
  return startEvalRunInput.safeParse({
    setId,
    label: v.label.trim() || undefined,
    judge: v.judge,
    config: {
      promptConfigId: v.promptConfigId || null,
      retrieval: {
        enabled: v.retrieval,
        mode: v.mode,
        k: numberOrUndefined(v.k),
        fusion: v.fusion || undefined,
        mmrLambda: numberOrUndefined(v.mmrLambda),
        refusalThreshold: numberOrUndefined(v.refusalThreshold),
      },
      examples: { enabled: v.examples, k: numberOrUndefined(v.examplesK) },
      answerer: v.answerer,
    },
  });
}

/** "Run" (one configuration) and "Run the ladder" (the five rungs, at once) for a set. */
export function RunButtons({ setId, disabled }: { setId: string; disabled: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const ladder = useMutation(
    trpc.admin.evaluations.runs.startLadder.mutationOptions({
      onSuccess: async ({ ladderId }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
        router.push(compareHref({ ladderId }));
      },
    }),
  );
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setOpen(true)} disabled={disabled} data-testid="eval-run-open">
          Run…
        </Button>
        <Button
          onClick={() => ladder.mutate({ setId, judge: false })}
          loading={ladder.isPending}
          disabled={disabled}
          data-testid="eval-run-ladder"
        >
          Run the ladder
        </Button>
      </div>
      {ladder.error ? <Alert variant="error">{describeError(ladder.error)}</Alert> : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        size="lg"
        title="Run this set"
        description="Each case is asked through the chat's pipeline as you, with these settings; what you leave empty comes from the prompt version."
      >
        <RunForm setId={setId} onCancel={() => setOpen(false)} />
      </Dialog>
    </div>
  );
}

function RunForm({ setId, onCancel }: { setId: string; onCancel: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const ids = { prompt: useId(), mode: useId(), fusion: useId(), answerer: useId() };
  const settings = useQuery(trpc.admin.evaluations.settings.queryOptions());
  const prompts = useQuery(trpc.admin.prompts.list.queryOptions());
  const [values, setValues] = useState<Values>(INITIAL);
  const [problem, setProblem] = useState<string | null>(null);
  const start = useMutation(
    trpc.admin.evaluations.runs.start.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.evaluations.pathKey() });
        router.push(`/evaluations/runs/${id}`);
      },
      onError: (error) => setProblem(describeError(error)),
    }),
  );
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((current) => ({ ...current, [key]: value }));
  const judgeAvailable = settings.data?.judge.available === true && values.answerer === "model";

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = runInput(setId, { ...values, judge: values.judge && judgeAvailable });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setProblem(issue ? `${issue.path.slice(-1).join("") || "Settings"}: ${issue.message}` : "Some settings are not valid.");
      return;
    }
    setProblem(null);
    start.mutate(parsed.data);
  }

  const model = settings.data?.model;
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5" data-testid="eval-run-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Label" hint="Optional: how the run is listed." value={values.label} onChange={(e) => set("label", e.target.value)} />
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.prompt}>Prompt version</Label>
          <Select id={ids.prompt} value={values.promptConfigId} onChange={(e) => set("promptConfigId", e.target.value)}>
            <option value="">The active version (when the run starts)</option>
            {prompts.data?.map((p) => (
              <option key={p.id} value={p.id}>
                Version {p.version}
                {p.isActive ? " (active)" : ""}
                {p.notes ? ` — ${p.notes.slice(0, 40)}` : ""}
              </option>
            ))}
          </Select>
        </div>
      </div>

      <fieldset className="flex flex-col gap-3 rounded-xl border border-border p-4">
        <legend className="px-1 text-sm font-semibold">Retrieval</legend>
        <Switch label="Retrieve from the knowledge base" checked={values.retrieval} onChange={(e) => set("retrieval", e.target.checked)} />
        <div className="grid gap-4 sm:grid-cols-3">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.mode}>Mode</Label>
            <Select
              id={ids.mode}
              value={values.mode}
              disabled={!values.retrieval}
              onChange={(e) => set("mode", e.target.value as Values["mode"])}
            >
              <option value="hybrid">Hybrid (vector + keyword)</option>
              <option value="vector">Vector</option>
              <option value="fulltext">Keyword (full text)</option>
            </Select>
          </div>
          <Field
            label="Passages (k)"
            type="number"
            min={1}
            max={20}
            placeholder="prompt's"
            disabled={!values.retrieval}
            value={values.k}
            onChange={(e) => set("k", e.target.value)}
          />
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={ids.fusion}>Fusion</Label>
            <Select
              id={ids.fusion}
              value={values.fusion}
              disabled={!values.retrieval || values.mode !== "hybrid"}
              onChange={(e) => set("fusion", e.target.value as Values["fusion"])}
            >
              <option value="">The prompt version&apos;s</option>
              <option value="relative_score">Relative score</option>
              <option value="rrf">Reciprocal rank (RRF)</option>
            </Select>
          </div>
          <Field
            label="MMR λ (0–1)"
            type="number"
            min={0}
            max={1}
            step={0.05}
            placeholder="prompt's"
            disabled={!values.retrieval}
            value={values.mmrLambda}
            onChange={(e) => set("mmrLambda", e.target.value)}
          />
          <Field
            label="Refusal threshold (0–1)"
            type="number"
            min={0}
            max={1}
            step={0.05}
            placeholder="prompt's"
            disabled={!values.retrieval}
            value={values.refusalThreshold}
            onChange={(e) => set("refusalThreshold", e.target.value)}
          />
        </div>
      </fieldset>

      <fieldset className="flex flex-col gap-3 rounded-xl border border-border p-4">
        <legend className="px-1 text-sm font-semibold">Few-shot examples</legend>
        <Switch label="Use examples" checked={values.examples} onChange={(e) => set("examples", e.target.checked)} />
        <Field
          label="How many at most"
          type="number"
          min={0}
          max={20}
          placeholder="prompt's"
          containerClassName="max-w-48"
          disabled={!values.examples}
          value={values.examplesK}
          onChange={(e) => set("examplesK", e.target.value)}
        />
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.answerer}>Answerer</Label>
          <Select id={ids.answerer} value={values.answerer} onChange={(e) => set("answerer", e.target.value as Values["answerer"])}>
            <option value="model">{model ? `Model: ${model.label}` : "Model (none configured: extractive)"}</option>
            <option value="extractive">Extractive (quotes the sources)</option>
          </Select>
        </div>
        <Checkbox
          label="Grade with the judge"
          description={
            settings.data?.judge.available
              ? `The model grades correctness and faithfulness (${settings.data.judge.version}).`
              : "Needs a configured model."
          }
          disabled={!judgeAvailable}
          checked={values.judge && judgeAvailable}
          onChange={(e) => set("judge", e.target.checked)}
          containerClassName="self-end"
        />
      </div>

      {problem ? <Alert variant="error">{problem}</Alert> : null}
      <div className="flex justify-end gap-3">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={start.isPending}>
          Cancel
        </Button>
        <Button type="submit" loading={start.isPending} data-testid="eval-run-start">
          Start the run
        </Button>
      </div>
    </form>
  );
}
