"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { Label } from "@lore/ui/label";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { Textarea } from "@lore/ui/textarea";
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { UserPicker } from "~/components/user-picker";
import { describeError } from "~/lib/trpc-errors";

const OUTCOMES = {
  standard: "The chat would give the first example's answer as written (a standard answer): the question is nearly the same.",
  prompt: "The selected examples would go into the model's prompt, before the sources and the question.",
  examples_off: "Examples are turned off in the prompt settings.",
} as const;

/**
 * Try it: a question asked as any user shows every candidate example with its similarity and token cost, which are
 * selected and why, and the prompt a model would receive. Audited as a search as that user.
 */
export function TryPanel({ defaultQuestion = "" }: { defaultQuestion?: string }) {
  const trpc = useTRPC();
  const questionId = useId();
  const [question, setQuestion] = useState(defaultQuestion);
  const [asUserId, setAsUserId] = useState("");
  const run = useMutation(trpc.admin.examples.try.mutationOptions());

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!question.trim() || !asUserId) return;
    run.mutate({ question, asUserId });
  }

  const result = run.data;
  return (
    <Card data-testid="try-panel">
      <CardHeader>
        <CardTitle>Try it</CardTitle>
        <CardDescription>
          See which examples a question would get, as a given person (their access to linked documents applies), and the prompt they would
          produce. Recorded in the audit log as a search as that person.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form onSubmit={handleSubmit} className="grid gap-3 md:grid-cols-2" aria-label="Try a question">
          <div className="flex flex-col gap-1.5 md:col-span-2">
            <Label htmlFor={questionId}>Question</Label>
            <Textarea id={questionId} rows={2} value={question} onChange={(e) => setQuestion(e.target.value)} data-testid="try-question" />
          </div>
          <div className="md:col-span-2">
            <UserPicker
              value={asUserId}
              onChange={setAsUserId}
              label="Ask as"
              testIds={{ search: "try-user-search", select: "try-as-user" }}
            />
          </div>
          <div className="md:col-span-2">
            <Button type="submit" loading={run.isPending} disabled={!question.trim() || !asUserId} data-testid="try-run">
              Try
            </Button>
          </div>
        </form>

        {run.error ? <Alert variant="error">{describeError(run.error)}</Alert> : null}
        {result ? (
          <div className="flex flex-col gap-4" data-testid="try-result" aria-live="polite">
            <p className="text-sm">
              {OUTCOMES[result.outcome]}{" "}
              <span className="text-muted">
                (k = {result.settings.k}, at most {result.settings.maxTokens} tokens of examples
                {result.settings.standardAnswerThreshold === null
                  ? ""
                  : `, standard answer at similarity ≥ ${result.settings.standardAnswerThreshold}`}
                {result.promptVersion === null ? "" : `, prompt v${result.promptVersion}`})
              </span>
            </p>
            {result.candidates.length === 0 ? (
              <p className="text-sm text-muted">
                No example is a candidate for this person (none enabled and embedded that they may be given).
              </p>
            ) : (
              <Table data-testid="try-candidates">
                <TableCaption>Candidate examples, most similar first</TableCaption>
                <TableHead>
                  <TableRow>
                    <TableHeaderCell>Example</TableHeaderCell>
                    <TableHeaderCell>Similarity</TableHeaderCell>
                    <TableHeaderCell>Tokens</TableHeaderCell>
                    <TableHeaderCell>Selected</TableHeaderCell>
                    <TableHeaderCell>Why</TableHeaderCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {result.candidates.map((c) => (
                    <TableRow key={c.id} data-testid="try-candidate">
                      <TableCell className="max-w-xs">
                        {c.question} {c.pinned ? <Badge variant="accent">Pinned</Badge> : null}
                      </TableCell>
                      <TableCell className="tabular-nums" data-testid="try-similarity">
                        {c.similarity.toFixed(3)}
                      </TableCell>
                      <TableCell className="tabular-nums">{c.tokens}</TableCell>
                      <TableCell>
                        {c.selected ? <Badge variant="success">Selected</Badge> : <span className="text-muted">No</span>}
                      </TableCell>
                      <TableCell className="text-sm text-muted">{c.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <section aria-label="The prompt" className="flex flex-col gap-2">
              <h3 className="text-sm font-semibold">
                The prompt{" "}
                {result.settings.modelConfigured ? "the model would receive" : "a model would receive (the extractive default sends none)"}
              </h3>
              {"error" in result.prompt ? (
                <Alert variant="warning">{result.prompt.error}</Alert>
              ) : (
                <>
                  <p className="text-sm text-muted">
                    {result.prompt.budget.used} of {result.prompt.budget.available} tokens available (examples{" "}
                    {result.prompt.budget.sections.examples}, sources {result.prompt.budget.sections.sources}).
                  </p>
                  <ol className="flex flex-col gap-2" data-testid="try-messages">
                    {result.prompt.messages.map((m, i) => (
                      <li key={i} className="rounded-lg border border-border">
                        <p className="border-b border-border px-3 py-1 text-xs font-semibold text-muted uppercase">{m.role}</p>
                        <pre className="max-h-72 overflow-auto px-3 py-2 text-xs break-words whitespace-pre-wrap">{m.content}</pre>
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </section>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
