"use client";

import { SeriesChart, type ChartColor } from "@lore/ui/chart";

import { METRICS, type MetricDef, type RunMetrics } from "../format";

const GROUPS: Array<{ group: MetricDef["group"]; title: string; description: string; unit: "percent" | "ms" | "count" }> = [
  { group: "quality", title: "Pass rate and retrieval", description: "Per cent (MRR × 100); higher is better", unit: "percent" },
  { group: "citations", title: "Answers and citations", description: "Per cent (token F1 × 100); higher is better", unit: "percent" },
  { group: "refusals", title: "Refusals", description: "Per cent: refuse the unanswerable, not the answerable", unit: "percent" },
  { group: "latency", title: "Latency", description: "Milliseconds per answer; lower is better", unit: "ms" },
  { group: "tokens", title: "Tokens", description: "In total over the run; lower is cheaper", unit: "count" },
];

const COLORS: ChartColor[] = ["accent", "success", "warning", "danger", "muted"];

const FORMAT = {
  percent: (v: number) => `${v} %`,
  ms: (v: number) => `${v.toLocaleString("en")} ms`,
  count: (v: number) => v.toLocaleString("en"),
};

/**
 * Every metric across the compared runs: one grouped bar chart per group of metrics, a run per category (in the
 * order compared, so a ladder reads left to right). A metric no run measured is left out; one a run did not measure
 * is drawn as 0 (its table says the same).
 */
export function CompareCharts({ runs }: { runs: Array<{ label: string; metrics: RunMetrics | null }> }) {
  return (
    <div className="grid gap-8 lg:grid-cols-2" data-testid="compare-charts">
      {GROUPS.map(({ group, title, description, unit }) => {
        const metrics = METRICS.filter(
          (m) => m.group === group && m.key !== "estimated_cost" && runs.some((r) => r.metrics && m.value(r.metrics) !== null),
        );
        if (metrics.length === 0) return null;
        const scale = (v: number | null) => (v === null ? 0 : unit === "percent" ? Math.round(v * 1000) / 10 : Math.round(v));
        const data = runs.map((r, i) => ({
          label: `${i + 1}. ${r.label}`,
          ...Object.fromEntries(metrics.map((m) => [m.key, scale(r.metrics ? m.value(r.metrics) : null)])),
        })) as Array<{ label: string } & Record<string, number>>;
        return (
          <SeriesChart
            key={group}
            title={title}
            description={description}
            data={data}
            series={metrics.map((m, i) => ({ key: m.key, label: m.label, color: COLORS[i % COLORS.length]! }))}
            categoryLabel="Run"
            format={FORMAT[unit]}
            testId={`compare-chart-${group}`}
          />
        );
      })}
    </div>
  );
}
