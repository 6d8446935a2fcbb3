"use client";

/**
 * Charts for the admin console (recharts 3), prop-driven so any page can feed them: per-category series as bars
 * (stacked or side by side) or lines, and a donut for parts of a whole. Each chart is a <figure> with its title,
 * a legend in HTML, the SVG (recharts' accessibility layer: focusable, arrow keys walk the points with the
 * tooltip) and the same numbers as a table, visually hidden until the reader asks for it, so a screen reader
 * always has the data.
 *
 * Colours are the theme's tokens (`var(--lore-…)`), so the charts follow light and dark mode. Load this module
 * with `next/dynamic` and `ssr: false`: recharts measures the page, and rendered on the client it sets its sizes
 * through the DOM, which the Content-Security-Policy allows (style attributes in server HTML it does not).
 */
import { useId, useState, type ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  Pie,
  PieChart,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";

import { Button } from "./button";
import { cn } from "./lib/cn";
import { TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "./table";

export type ChartColor = "accent" | "danger" | "muted" | "success" | "warning";

/** Each colour as the SVG paints it and as the HTML legend shows it (class names written out for Tailwind). */
const COLORS: Record<ChartColor, { value: string; swatch: string }> = {
  accent: { value: "var(--lore-accent)", swatch: "bg-accent" },
  danger: { value: "var(--lore-danger)", swatch: "bg-danger" },
  muted: { value: "var(--lore-muted)", swatch: "bg-muted" },
  success: { value: "var(--lore-success-soft-fg)", swatch: "bg-success-soft-fg" },
  warning: { value: "var(--lore-warning-soft-fg)", swatch: "bg-warning-soft-fg" },
};

export interface ChartSeries<K extends string> {
  key: K;
  label: string;
  color: ChartColor;
}

export interface ChartLabels {
  showTable: string;
  hideTable: string;
  /** The donut table's headers: the parts, and each part's share of the whole. */
  part: string;
  share: string;
}

const DEFAULT_LABELS: ChartLabels = { showTable: "Show the data as a table", hideTable: "Hide the table", part: "Part", share: "Share" };

interface FrameProps {
  title: string;
  description?: string;
  legend: { label: string; color: ChartColor }[];
  table: ReactNode;
  labels?: Partial<ChartLabels>;
  className?: string;
  testId?: string;
  children: ReactNode;
}

/** The figure around a chart: title, legend, the chart, and its table (hidden but read until shown). */
function ChartFrame({ title, description, legend, table, labels, className, testId, children }: FrameProps) {
  const [tableShown, setTableShown] = useState(false);
  const tableId = useId();
  const text = { ...DEFAULT_LABELS, ...labels };
  return (
    <figure className={cn("flex min-w-0 flex-col gap-3", className)} data-testid={testId}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span>
          <span className="block text-sm font-semibold text-fg">{title}</span>
          {description ? <span className="block text-xs text-muted">{description}</span> : null}
        </span>
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={tableShown}
          aria-controls={tableId}
          onClick={() => setTableShown((shown) => !shown)}
          data-testid={testId ? `${testId}-table-toggle` : undefined}
        >
          {tableShown ? text.hideTable : text.showTable}
        </Button>
      </figcaption>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-hidden="true">
        {legend.map((item) => (
          <li key={item.label} className="flex items-center gap-1.5">
            <span className={cn("size-2.5 rounded-sm", COLORS[item.color].swatch)} />
            {item.label}
          </li>
        ))}
      </ul>
      <div className="h-60 w-full min-w-0">{children}</div>
      {/* No scrolling frame: the table is narrow (a label and a few numbers), and a scrollable region hidden
          for sighted readers would be a focus stop nobody can see. */}
      <div
        id={tableId}
        className={tableShown ? "rounded-xl border border-border bg-surface" : "sr-only"}
        data-testid={testId ? `${testId}-table` : undefined}
      >
        {table}
      </div>
    </figure>
  );
}

/** The tooltip, drawn with the theme's classes (recharts' default is a white box, unreadable in dark mode). */
function ChartTooltip({ active, payload, label, format }: TooltipContentProps & { format: (value: number) => string }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-lg border border-border bg-surface px-3 py-2 text-xs text-fg shadow-md">
      {label !== undefined ? <p className="mb-1 font-medium">{String(label)}</p> : null}
      <ul className="flex flex-col gap-0.5">
        {payload.map((entry) => (
          <li key={String(entry.dataKey ?? entry.name)} className="flex justify-between gap-4">
            <span className="text-muted">{entry.name}</span>
            <span className="font-medium tabular-nums">{format(Number(entry.value))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const AXIS_TICK = { fill: "var(--lore-muted)", fontSize: 12 };
const formatNumber = (value: number) => value.toLocaleString();

export interface SeriesChartProps<K extends string> {
  title: string;
  description?: string;
  /** One row per category (a day, say), in display order. */
  data: ReadonlyArray<{ [key in K]: number } & { label: string }>;
  series: ChartSeries<K>[];
  /** bars side by side, bars stacked, or lines. */
  kind?: "bar" | "stacked" | "line";
  /** Header of the table's first column (what the categories are). */
  categoryLabel: string;
  format?: (value: number) => string;
  labels?: Partial<ChartLabels>;
  className?: string;
  testId?: string;
}

/** Categories (days, say) against one or more numeric series. */
export function SeriesChart<K extends string>({
  title,
  description,
  data,
  series,
  kind = "bar",
  categoryLabel,
  format = formatNumber,
  labels,
  className,
  testId,
}: SeriesChartProps<K>) {
  const rows = data.map((row) => ({ ...row }));
  const common = {
    data: rows,
    accessibilityLayer: true,
    title,
    desc: description,
    responsive: true,
    width: "100%" as const,
    height: "100%" as const,
    margin: { top: 8, right: 8, bottom: 0, left: 0 },
  };
  const grid = <CartesianGrid stroke="var(--lore-border)" strokeDasharray="3 3" vertical={false} />;
  const xAxis = <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--lore-border-strong)" tickLine={false} minTickGap={12} />;
  const yAxis = <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="var(--lore-border-strong)" tickLine={false} width="auto" />;
  const tooltip = (
    <Tooltip
      cursor={{ fill: "var(--lore-surface-muted)", stroke: "var(--lore-border-strong)" }}
      content={(props) => <ChartTooltip {...props} format={format} />}
    />
  );
  const table = (
    <table className="w-full border-collapse text-left text-sm">
      <TableCaption>{title}</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>{categoryLabel}</TableHeaderCell>
          {series.map((s) => (
            <TableHeaderCell key={s.key} className="text-right">
              {s.label}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((row) => (
          <TableRow key={row.label}>
            <th scope="row" className="px-4 py-3 text-left font-normal text-fg">
              {row.label}
            </th>
            {series.map((s) => (
              <TableCell key={s.key} className="text-right tabular-nums">
                {format(row[s.key])}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </table>
  );
  return (
    <ChartFrame title={title} description={description} legend={series} table={table} labels={labels} className={className} testId={testId}>
      {kind === "line" ? (
        <LineChart {...common}>
          {grid}
          {xAxis}
          {yAxis}
          {tooltip}
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={COLORS[s.color].value}
              strokeWidth={2}
              dot={{ r: 2, fill: COLORS[s.color].value }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      ) : (
        <BarChart {...common}>
          {grid}
          {xAxis}
          {yAxis}
          {tooltip}
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={COLORS[s.color].value}
              stackId={kind === "stacked" ? "stack" : undefined}
              maxBarSize={32}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}

export interface DonutSlice {
  label: string;
  value: number;
  color: ChartColor;
}

export interface DonutChartProps {
  title: string;
  description?: string;
  slices: DonutSlice[];
  /** Header of the table's value column. */
  valueLabel: string;
  /** Shown in the middle (a total or a share). */
  center?: string;
  format?: (value: number) => string;
  labels?: Partial<ChartLabels>;
  className?: string;
  testId?: string;
}

/** Parts of a whole, with each part's share in the table. */
export function DonutChart({
  title,
  description,
  slices,
  valueLabel,
  center,
  format = formatNumber,
  labels,
  className,
  testId,
}: DonutChartProps) {
  const text = { ...DEFAULT_LABELS, ...labels };
  const total = slices.reduce((sum, slice) => sum + slice.value, 0);
  const share = (value: number) => (total === 0 ? "—" : `${Math.round((value / total) * 100)}%`);
  const table = (
    <table className="w-full border-collapse text-left text-sm">
      <TableCaption>{title}</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>{text.part}</TableHeaderCell>
          <TableHeaderCell className="text-right">{valueLabel}</TableHeaderCell>
          <TableHeaderCell className="text-right">{text.share}</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {slices.map((slice) => (
          <TableRow key={slice.label}>
            <th scope="row" className="px-4 py-3 text-left font-normal text-fg">
              {slice.label}
            </th>
            <TableCell className="text-right tabular-nums">{format(slice.value)}</TableCell>
            <TableCell className="text-right tabular-nums">{share(slice.value)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </table>
  );
  return (
    <ChartFrame title={title} description={description} legend={slices} table={table} labels={labels} className={className} testId={testId}>
      <div className="relative h-full w-full">
        <PieChart accessibilityLayer title={title} desc={description} responsive width="100%" height="100%">
          {total === 0 ? null : <Tooltip content={(props) => <ChartTooltip {...props} format={format} />} />}
          <Pie
            data={total === 0 ? [{ label: "", value: 1 }] : slices}
            dataKey="value"
            nameKey="label"
            innerRadius="62%"
            outerRadius="90%"
            stroke="var(--lore-surface)"
            isAnimationActive={false}
          >
            {total === 0 ? (
              <Cell fill="var(--lore-border)" />
            ) : (
              slices.map((slice) => <Cell key={slice.label} fill={COLORS[slice.color].value} />)
            )}
          </Pie>
        </PieChart>
        {center ? (
          <p
            className="pointer-events-none absolute inset-0 flex items-center justify-center text-xl font-semibold text-fg"
            aria-hidden="true"
          >
            {center}
          </p>
        ) : null}
      </div>
    </ChartFrame>
  );
}
