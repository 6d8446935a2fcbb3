"use client";

import type { RouterInputs, RouterOutputs } from "@lore/api";
import { inspectorAskInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Card, CardContent } from "@lore/ui/card";
import { Checkbox } from "@lore/ui/checkbox";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { Textarea } from "@lore/ui/textarea";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";

import { UserPicker } from "~/components/user-picker";
import { describeError } from "~/lib/trpc-errors";

import { AnswerInspectionView } from "./answer-inspection-view";

type TraceView = RouterOutputs["admin"]["inspector"]["trace"];
type AskInput = RouterInputs["admin"]["inspector"]["ask"];
type Run = {
  question: string;
  answer: string;
  trace: TraceView["trace"];
  inspection: TraceView["inspection"];
  streaming: boolean;
  error: string | null;
};

/** Ask a question as someone, stream the answer, then show how it was made. */
export function InspectorAsk() {
  const trpc = useTRPC();
  const { data: versions } = useSuspenseQuery(trpc.admin.prompts.list.queryOptions());
  const { data: groups } = useSuspenseQuery(trpc.admin.groups.list.queryOptions());
  const ids = { question: useId(), as: useId(), prompt: useId() };
  const [question, setQuestion] = useState("");
  const [as, setAs] = useState<"me" | "user" | "groups">("me");
  const [userId, setUserId] = useState("");
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [promptConfigId, setPromptConfigId] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  async function ask(event: FormEvent) {
    event.preventDefault();
    if (controller.current) return;
    const input: AskInput = {
      question,
      ...(as === "user" ? { asUserId: userId } : {}),
      ...(as === "groups" ? { asGroupIds: groupIds } : {}),
      ...(promptConfigId ? { promptConfigId } : {}),
    };
    const parsed = inspectorAskInput.safeParse(input);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? "Check the form.");
      return;
    }
    if (as === "user" && !userId) {
      setProblem("Pick a user to ask as.");
      return;
    }
    setProblem(null);
    const abort = new AbortController();
    controller.current = abort;
    setRun({ question, answer: "", trace: null, inspection: null, streaming: true, error: null });
    const patch = (change: (r: Run) => Run) => setRun((r) => (r ? change(r) : r));
    try {
      // As the chat does (apps/web use-chat.ts): the request options reach the tRPC client as they are; aborting closes the request.
      const requestOptions = { signal: abort.signal } as Parameters<typeof trpc.admin.inspector.ask.mutationOptions>[0] extends infer O
        ? O extends { trpc?: infer R }
          ? R
          : never
        : never;
      const options = trpc.admin.inspector.ask.mutationOptions({ trpc: requestOptions });
      const events = await options.mutationFn!(parsed.data, undefined as never);
      for await (const e of events) {
        if (e.type === "text") patch((r) => ({ ...r, answer: r.answer + e.text }));
        else if (e.type === "inspection") patch((r) => ({ ...r, inspection: e.inspection }));
        else if (e.type === "done") patch((r) => ({ ...r, trace: e.trace }));
        else if (e.type === "error") patch((r) => ({ ...r, error: e.message }));
      }
    } catch (error) {
      if (!abort.signal.aborted) patch((r) => ({ ...r, error: describeError(error) }));
    } finally {
      controller.current = null;
      patch((r) => ({ ...r, streaming: false }));
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardContent>
          <form onSubmit={ask} className="flex flex-col gap-4" data-testid="inspector-form" noValidate>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={ids.question}>Question</Label>
              <Textarea
                id={ids.question}
                rows={2}
                value={question}
                onChange={(e) => setQuestion(e.target.value)}
                data-testid="inspector-question"
              />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor={ids.as}>Ask as</Label>
                <Select id={ids.as} value={as} onChange={(e) => setAs(e.target.value as typeof as)} data-testid="inspector-as">
                  <option value="me">Myself</option>
                  <option value="user">A user</option>
                  <option value="groups">Members of groups (no user)</option>
                </Select>
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor={ids.prompt}>Prompt version</Label>
                <Select
                  id={ids.prompt}
                  value={promptConfigId}
                  onChange={(e) => setPromptConfigId(e.target.value)}
                  data-testid="inspector-prompt"
                >
                  <option value="">The active version</option>
                  {versions.map((v) => (
                    <option key={v.id} value={v.id}>
                      v{v.version} — {v.name}
                      {v.isActive ? " (active)" : ""}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
            {as === "user" ? (
              <UserPicker value={userId} onChange={setUserId} testIds={{ search: "inspector-user-search", select: "inspector-user" }} />
            ) : null}
            {as === "groups" ? (
              <fieldset className="flex flex-col gap-2">
                <legend className="text-sm font-medium">Groups</legend>
                {groups.length === 0 ? (
                  <p className="text-sm text-muted">No groups yet: asking as no group reads public documents only.</p>
                ) : null}
                <div className="flex flex-wrap gap-4">
                  {groups.map((g) => (
                    <Checkbox
                      key={g.id}
                      label={g.name}
                      checked={groupIds.includes(g.id)}
                      onChange={(e) => setGroupIds((ids) => (e.target.checked ? [...ids, g.id] : ids.filter((id) => id !== g.id)))}
                    />
                  ))}
                </div>
              </fieldset>
            ) : null}
            {problem ? <Alert variant="error">{problem}</Alert> : null}
            <div className="flex justify-end gap-2">
              {run?.streaming ? (
                <Button type="button" variant="secondary" onClick={() => controller.current?.abort()}>
                  Stop
                </Button>
              ) : null}
              <Button type="submit" loading={run?.streaming ?? false} data-testid="inspector-ask">
                Ask
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      {run ? (
        <>
          {run.error ? <Alert variant="error">{run.error}</Alert> : null}
          <AnswerInspectionView
            question={run.question}
            answer={run.answer}
            trace={run.trace}
            inspection={run.inspection}
            streaming={run.streaming}
          />
        </>
      ) : null}
    </div>
  );
}
