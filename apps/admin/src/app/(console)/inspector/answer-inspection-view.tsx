"use client";

import type { RouterOutputs } from "@lore/api";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { BudgetBar } from "@lore/ui/budget-bar";
import { Markdown } from "@lore/ui/markdown";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { Tabs } from "@lore/ui/tabs";
import { useState } from "react";

type TraceView = RouterOutputs["admin"]["inspector"]["trace"];
type AnswerTrace = NonNullable<TraceView["trace"]>;
type AnswerInspection = NonNullable<TraceView["inspection"]>;
type Search = NonNullable<AnswerInspection["search"]>;
type Hit = Search["vector"][number];
type Fused = Search["fused"][number];

const score = (n: number | undefined) => (n === undefined ? "—" : n.toFixed(3));

/** Rows shown before "Show all": the first candidates are the ones that matter, and there may be forty of each. */
const FIRST_ROWS = 10;

function useFirstRows<T>(rows: readonly T[]) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  const toggle =
    rows.length > FIRST_ROWS ? (
      <Button size="sm" variant="ghost" onClick={() => setAll(!all)} aria-expanded={all}>
        {all ? `Show the first ${FIRST_ROWS}` : `Show all ${rows.length}`}
      </Button>
    ) : null;
  return { shown, toggle };
}

/** One retriever's list; its passages are looked up in the fused list, where each is kept once. */
function CandidateTable({
  caption,
  rows,
  passages,
  testId,
}: {
  caption: string;
  rows: Hit[];
  passages: Map<string, Fused>;
  testId: string;
}) {
  const { shown, toggle } = useFirstRows(rows);
  if (rows.length === 0) return <p className="text-sm text-muted">{caption}: no candidates.</p>;
  return (
    <div>
      <Table data-testid={testId}>
        <TableCaption className="text-left text-sm font-semibold">{caption}</TableCaption>
        <TableHead>
          <TableRow>
            <TableHeaderCell>#</TableHeaderCell>
            <TableHeaderCell>Passage</TableHeaderCell>
            <TableHeaderCell className="text-right">Score</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((c) => (
            <TableRow key={c.chunkId}>
              <TableCell className="tabular-nums">{c.rank}</TableCell>
              <TableCell>
                <div className="font-medium">
                  {[passages.get(c.chunkId)?.title ?? c.title, ...(passages.get(c.chunkId)?.headingPath ?? [])].join(" › ")}
                </div>
                <div className="text-sm text-muted">{passages.get(c.chunkId)?.excerpt}</div>
              </TableCell>
              <TableCell className="text-right tabular-nums">{score(c.score)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {toggle}
    </div>
  );
}

function Retrievers({ search }: { search: AnswerInspection["search"] }) {
  const { shown, toggle } = useFirstRows(search?.fused ?? []);
  const passages = new Map((search?.fused ?? []).map((c) => [c.chunkId, c]));
  if (!search)
    return <p className="text-sm text-muted">Retrieval did not run (it is off in this prompt version, or the answer failed first).</p>;
  return (
    <div className="flex flex-col gap-6" data-testid="inspector-retrievers">
      <p className="text-sm text-muted">
        Fusion {search.fusion === "rrf" ? "reciprocal rank" : "relative score"}, vector weight {search.vectorWeight}, {search.candidates}{" "}
        candidates per retriever, MMR λ {search.mmrLambda}.
      </p>
      <div>
        <Table data-testid="inspector-fused">
          <TableCaption className="text-left text-sm font-semibold">Fused ranking (before diversification)</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>#</TableHeaderCell>
              <TableHeaderCell>Passage</TableHeaderCell>
              <TableHeaderCell className="text-right">Vector</TableHeaderCell>
              <TableHeaderCell className="text-right">Keyword</TableHeaderCell>
              <TableHeaderCell className="text-right">Fused</TableHeaderCell>
              <TableHeaderCell>Used</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((c) => (
              <TableRow key={c.chunkId}>
                <TableCell className="tabular-nums">{c.rank}</TableCell>
                <TableCell>
                  <div className="font-medium">{[c.title, ...c.headingPath].join(" › ")}</div>
                  <div className="text-sm text-muted">{c.excerpt}</div>
                </TableCell>
                <TableCell className="text-right tabular-nums">{score(c.vector)}</TableCell>
                <TableCell className="text-right tabular-nums">{score(c.fulltext)}</TableCell>
                <TableCell className="text-right tabular-nums">{score(c.score)}</TableCell>
                <TableCell>
                  {c.resultRank === null ? (
                    <span className="text-sm text-muted">no</span>
                  ) : (
                    <Badge variant="accent">source {c.resultRank}</Badge>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {toggle}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <CandidateTable caption="Vector retriever (cosine similarity)" rows={search.vector} passages={passages} testId="inspector-vector" />
        <CandidateTable caption="Keyword retriever (BM25)" rows={search.keyword} passages={passages} testId="inspector-keyword" />
      </div>
    </div>
  );
}

function Examples({ inspection, trace }: { inspection: AnswerInspection | null; trace: AnswerTrace | null }) {
  const standard = trace?.examples.standardAnswer;
  const examples = inspection?.examples ?? [];
  return (
    <div className="flex flex-col gap-3" data-testid="inspector-examples">
      {standard ? (
        <p className="text-sm">
          Answered with the standard answer of example <code>{standard.id}</code> (similarity {standard.similarity.toFixed(3)}).
        </p>
      ) : null}
      {examples.length === 0 ? (
        <p className="text-sm text-muted">
          No example was selected{trace?.examples.enabled === false ? ": examples are off in this prompt version" : ""}.
        </p>
      ) : (
        <Table>
          <TableCaption className="sr-only">Selected examples</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Example</TableHeaderCell>
              <TableHeaderCell className="text-right">Similarity</TableHeaderCell>
              <TableHeaderCell className="text-right">Tokens</TableHeaderCell>
              <TableHeaderCell>In the prompt</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {examples.map((e) => (
              <TableRow key={e.id}>
                <TableCell>
                  <div className="font-medium">{e.question}</div>
                  <div className="text-sm text-muted">{e.answer}</div>
                  {e.pinned ? <Badge>Pinned</Badge> : null}
                </TableCell>
                <TableCell className="text-right tabular-nums">{e.similarity.toFixed(3)}</TableCell>
                <TableCell className="text-right tabular-nums">{e.tokens}</TableCell>
                <TableCell>{e.inPrompt ? "yes" : "no (over budget)"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function Messages({ inspection }: { inspection: AnswerInspection | null }) {
  const prompt = inspection?.prompt;
  if (!prompt) return <p className="text-sm text-muted">{inspection?.promptError?.message ?? "No prompt was recorded for this answer."}</p>;
  return (
    <div className="flex flex-col gap-3" data-testid="inspector-messages">
      <p className="text-sm text-muted">
        {prompt.sent
          ? "The exact messages sent to the model."
          : "No model wrote this answer: these are the messages a model would have been sent."}
      </p>
      <ol className="flex flex-col gap-3">
        {prompt.messages.map((m, i) => (
          <li key={i} className="rounded-lg border border-border">
            <div className="border-b border-border bg-surface-muted px-3 py-1 text-xs font-semibold tracking-wide text-muted uppercase">
              {m.role}
            </div>
            <pre
              // Scrollable: reachable with the keyboard (axe: scrollable-region-focusable).
              tabIndex={0}
              role="region"
              aria-label={`Message ${i + 1}, ${m.role}`}
              className="max-h-96 overflow-auto px-3 py-2 font-mono text-xs break-words whitespace-pre-wrap"
            >
              {m.content}
            </pre>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Budget({ inspection }: { inspection: AnswerInspection | null }) {
  const prompt = inspection?.prompt;
  if (!prompt) return <p className="text-sm text-muted">{inspection?.promptError?.message ?? "No budget was recorded for this answer."}</p>;
  const { budget } = prompt;
  return (
    <div className="flex flex-col gap-3">
      <BudgetBar
        window={budget.window}
        reserved={budget.reserved}
        margin={budget.margin}
        sections={budget.sections}
        dropped={prompt.dropped}
        label={prompt.sent ? "Token budget of the prompt sent" : "Token budget of the prompt that would be sent"}
        data-testid="inspector-budget"
      />
      <p className="text-sm text-muted">
        {budget.used.toLocaleString("en")} of {budget.available.toLocaleString("en")} available prompt tokens used.
        {prompt.trimmed
          ? ` The best source was cut from ${prompt.trimmed.tokensBefore} to ${prompt.trimmed.tokensAfter} tokens to fit.`
          : ""}
      </p>
    </div>
  );
}

const STAGES: Array<[keyof AnswerTrace["latencyMs"], string]> = [
  ["rewrite", "Rewrite the question"],
  ["retrieve", "Retrieve"],
  ["examples", "Examples"],
  ["assemble", "Assemble the prompt"],
  ["firstToken", "First token (from the start)"],
  ["generate", "Generate"],
  ["persist", "Store"],
  ["total", "Total"],
];

function Latency({ trace }: { trace: AnswerTrace | null }) {
  if (!trace) return <p className="text-sm text-muted">No trace.</p>;
  return (
    <Table data-testid="inspector-latency">
      <TableCaption className="sr-only">Latency per stage, in milliseconds</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Stage</TableHeaderCell>
          <TableHeaderCell className="text-right">Milliseconds</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {STAGES.filter(([key]) => trace.latencyMs[key] !== undefined).map(([key, label]) => (
          <TableRow key={key}>
            <TableCell>{label}</TableCell>
            <TableCell className="text-right tabular-nums">{trace.latencyMs[key]}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export type AnswerInspectionViewProps = {
  question: string;
  answer: string;
  trace: AnswerTrace | null;
  inspection: AnswerInspection | null;
  /** True while the answer streams: the tabs wait for the trace. */
  streaming?: boolean;
};

/**
 * How one answer was made, from its trace and inspection alone (a live ask, a stored answer, or an evaluation
 * result all render the same way): the answer, then tabs for the retrievers, examples, messages, budget and latency.
 */
export function AnswerInspectionView({ question, answer, trace, inspection, streaming = false }: AnswerInspectionViewProps) {
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]" data-testid="inspector-view">
      <section
        aria-labelledby="inspector-answer-heading"
        className="flex min-w-0 flex-col gap-3 rounded-xl border border-border bg-surface p-4"
      >
        <h2 id="inspector-answer-heading" className="text-base font-semibold">
          Answer
        </h2>
        <p className="text-sm">
          <span className="text-muted">Question: </span>
          {question}
        </p>
        {trace ? (
          <div className="flex flex-wrap gap-2 text-xs">
            <Badge>mode: {trace.mode.replace("_", " ")}</Badge>
            <Badge>model: {trace.model}</Badge>
            {trace.promptVersion !== null ? <Badge>prompt v{trace.promptVersion}</Badge> : null}
            {trace.query.rewritten ? <Badge variant="warning">searched as “{trace.query.text}”</Badge> : null}
          </div>
        ) : null}
        <div aria-live="polite" aria-busy={streaming || undefined} data-testid="inspector-answer">
          {answer ? (
            <Markdown className="lore-prose text-sm">{answer}</Markdown>
          ) : (
            <p className="text-sm text-muted">{streaming ? "Answering…" : "No text."}</p>
          )}
        </div>
      </section>
      <section aria-label="How the answer was made" className="min-w-0">
        {trace || inspection ? (
          <Tabs
            aria-label="Inspection"
            data-testid="inspector-tabs"
            items={[
              { id: "budget", label: "Token budget", content: <Budget inspection={inspection} />, testId: "inspector-tab-budget" },
              {
                id: "retrievers",
                label: "Retrievers",
                content: <Retrievers search={inspection?.search ?? null} />,
                testId: "inspector-tab-retrievers",
              },
              {
                id: "examples",
                label: "Examples",
                content: <Examples inspection={inspection} trace={trace} />,
                testId: "inspector-tab-examples",
              },
              { id: "messages", label: "Messages", content: <Messages inspection={inspection} />, testId: "inspector-tab-messages" },
              { id: "latency", label: "Latency", content: <Latency trace={trace} />, testId: "inspector-tab-latency" },
            ]}
          />
        ) : (
          <p className="text-sm text-muted">{streaming ? "The inspection appears when the answer ends." : "This answer has no trace."}</p>
        )}
      </section>
    </div>
  );
}
