"use client";

import type { RouterOutputs } from "@lore/api";
import { DonutChart, SeriesChart } from "@lore/ui/chart";

import { percent, shortDay } from "./format";

type Summary = RouterOutputs["admin"]["analytics"]["summary"];

/** The page's charts (loaded on their own, see analytics-view.tsx). */
export function AnalyticsCharts({ days, totals }: { days: Summary["days"]; totals: Summary["totals"] }) {
  const rows = days.map((day) => ({ ...day, label: shortDay(day.day) }));
  return (
    <div className="grid gap-8 lg:grid-cols-3">
      <SeriesChart
        className="lg:col-span-2"
        title="Questions per day"
        data={rows}
        series={[{ key: "questions", label: "Questions", color: "accent" }]}
        categoryLabel="Day"
        testId="chart-questions"
      />
      <DonutChart
        title="Answered or not found"
        description="Answers in these days"
        slices={[
          { label: "Answered", value: totals.answered, color: "accent" },
          { label: "Not found", value: totals.notFound, color: "danger" },
          ...(totals.unknown ? [{ label: "No outcome recorded", value: totals.unknown, color: "muted" as const }] : []),
        ]}
        valueLabel="Answers"
        center={percent(totals.notFoundShare === null ? null : 1 - totals.notFoundShare)}
        testId="chart-outcomes"
      />
      <SeriesChart
        className="lg:col-span-2"
        title="Answers per day"
        kind="stacked"
        data={rows}
        series={[
          { key: "answered", label: "Answered", color: "accent" },
          { key: "notFound", label: "Not found", color: "danger" },
          { key: "unknown", label: "No outcome recorded", color: "muted" },
        ]}
        categoryLabel="Day"
        testId="chart-answers"
      />
      <SeriesChart
        title="Ratings per day"
        data={rows}
        series={[
          { key: "thumbsUp", label: "Thumbs up", color: "success" },
          { key: "thumbsDown", label: "Thumbs down", color: "danger" },
        ]}
        categoryLabel="Day"
        testId="chart-ratings"
      />
    </div>
  );
}
