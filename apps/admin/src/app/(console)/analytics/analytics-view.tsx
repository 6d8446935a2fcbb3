"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Badge } from "@lore/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { LocalTime } from "@lore/ui/local-time";
import { useSuspenseQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import type { ReactNode } from "react";

import { LoadingBlock } from "~/components/loading-block";

import { modeLabel, percent } from "./format";
import { KnowledgeGaps } from "./knowledge-gaps";
import { toQuery, type PageRange } from "./range";

type Summary = RouterOutputs["admin"]["analytics"]["summary"];

// recharts stays out of every other page's bundle, and renders only in the browser (see @lore/ui/chart).
const AnalyticsCharts = dynamic(() => import("./charts").then((m) => m.AnalyticsCharts), {
  ssr: false,
  loading: () => <LoadingBlock label="Drawing the charts…" />,
});

export function AnalyticsView({ range }: { range: PageRange }) {
  const trpc = useTRPC();
  const { data: summary } = useSuspenseQuery(trpc.admin.analytics.summary.queryOptions(toQuery(range)));
  const { totals } = summary;
  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Total label="Questions" value={totals.questions.toLocaleString()} testId="total-questions" />
        <Total
          label="Answered"
          value={percent(totals.notFoundShare === null ? null : 1 - totals.notFoundShare)}
          detail={`${answers(totals.answered)}${totals.unknown ? `, ${totals.unknown} without a recorded outcome` : ""}`}
          testId="total-answered"
        />
        <Total label="Not found" value={percent(totals.notFoundShare)} detail={answers(totals.notFound)} testId="total-not-found" />
        <Total
          label="Thumbs up"
          value={percent(totals.thumbsUpRatio)}
          detail={`${totals.thumbsUp} up, ${totals.thumbsDown} down`}
          testId="total-rating"
        />
      </div>

      <Card>
        <CardContent>
          <AnalyticsCharts days={summary.days} totals={totals} />
        </CardContent>
      </Card>

      <KnowledgeGaps range={range} />

      <div className="grid gap-6 lg:grid-cols-2">
        <MostCited documents={summary.mostCited} />
        <StaleExamples stale={summary.staleExamples} />
      </div>

      <RecentQuestions questions={summary.recentQuestions} />
    </div>
  );
}

function answers(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? "answer" : "answers"}`;
}

function Total({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <Card data-testid={testId}>
      <CardContent className="flex flex-col gap-1">
        <p className="text-sm text-muted">{label}</p>
        <p className="text-2xl font-semibold tracking-tight text-fg tabular-nums" data-testid={`${testId}-value`}>
          {value}
        </p>
        {detail ? <p className="text-xs text-muted">{detail}</p> : null}
      </CardContent>
    </Card>
  );
}

function Section({ title, description, testId, children }: { title: string; description: string; testId: string; children: ReactNode }) {
  return (
    <Card data-testid={testId}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="py-4 text-sm text-muted">{children}</p>;
}

function MostCited({ documents }: { documents: Summary["mostCited"] }) {
  return (
    <Section title="Most-cited documents" description="The pages answers cited most in these days." testId="most-cited">
      {documents.length === 0 ? (
        <Empty>No answer cited a document in these days.</Empty>
      ) : (
        <ol className="divide-y divide-border">
          {documents.map((doc) => (
            <li key={doc.documentId} className="flex items-baseline justify-between gap-4 py-2.5 text-sm">
              <Link href={`/documents/${doc.documentId}`} className="min-w-0 truncate font-medium text-accent hover:underline">
                {doc.title}
              </Link>
              <span className="shrink-0 text-muted tabular-nums">
                {doc.answers} {doc.answers === 1 ? "answer" : "answers"}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

function StaleExamples({ stale }: { stale: Summary["staleExamples"] }) {
  return (
    <Section
      title={`Stale examples${stale.total ? ` (${stale.total})` : ""}`}
      description="Examples whose linked page changed after they were last reviewed."
      testId="stale-examples"
    >
      {stale.items.length === 0 ? (
        <Empty>Every example is up to date with its pages.</Empty>
      ) : (
        <ul className="divide-y divide-border">
          {stale.items.map((example) => (
            <li key={example.exampleId} className="flex flex-col gap-0.5 py-2.5 text-sm">
              <Link href={`/examples/${example.exampleId}`} className="font-medium text-accent hover:underline">
                {example.question}
              </Link>
              <span className="text-xs text-muted">
                {example.documents.map((doc, i) => (
                  <span key={doc.documentId}>
                    {i > 0 ? ", " : ""}
                    <Link href={doc.href} className="hover:underline">
                      {doc.title} changed <LocalTime value={doc.changedAt} format={{ dateStyle: "medium" }} />
                    </Link>
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function RecentQuestions({ questions }: { questions: Summary["recentQuestions"] }) {
  return (
    <Section
      title="Recent questions"
      description="The latest questions in these days; open one to see how it was answered."
      testId="recent-questions"
    >
      {questions.length === 0 ? (
        <Empty>Nobody asked a question in these days.</Empty>
      ) : (
        <ul className="divide-y divide-border">
          {questions.map((question) => (
            <li
              key={question.questionId}
              className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 text-sm"
              data-testid="recent-question"
            >
              {question.answerId ? (
                <Link href={`/inspector/${question.answerId}`} className="min-w-0 font-medium break-words text-accent hover:underline">
                  {question.text}
                </Link>
              ) : (
                <span className="min-w-0 font-medium break-words text-fg">{question.text}</span>
              )}
              <span className="flex shrink-0 items-center gap-2 text-xs text-muted">
                <Badge variant={question.mode === "not_found" ? "warning" : question.mode ? "success" : "neutral"}>
                  {modeLabel(question.mode)}
                </Badge>
                <LocalTime value={question.askedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
