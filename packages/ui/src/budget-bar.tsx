import { cn } from "./lib/cn";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "./table";

export type BudgetSectionKey = "system" | "examples" | "sources" | "history" | "question";

export type BudgetBarProps = {
  /** The model's context window, in tokens. */
  window: number;
  /** Tokens kept for the answer. */
  reserved: number;
  /** Tokens kept free for other tokenizers and chat templates. */
  margin: number;
  /** What each part of the prompt costs. */
  sections: Record<BudgetSectionKey, number>;
  /** What was left out to fit, with the tokens it would have cost. */
  dropped?: ReadonlyArray<{ kind: string; id: string; tokens: number; reason: string }>;
  /** Names the bar (e.g. "Token budget of the prompt that would be sent"). */
  label?: string;
  className?: string;
  "data-testid"?: string;
};

type Segment = { key: string; label: string; tokens: number; fill: string; swatch: string };

const SECTIONS: Array<{ key: BudgetSectionKey; label: string; fill: string; swatch: string }> = [
  { key: "system", label: "System", fill: "fill-accent", swatch: "bg-accent" },
  { key: "examples", label: "Examples", fill: "fill-success-soft-fg", swatch: "bg-success-soft-fg" },
  { key: "sources", label: "Sources", fill: "fill-warning-soft-fg", swatch: "bg-warning-soft-fg" },
  { key: "history", label: "History", fill: "fill-accent-soft-fg", swatch: "bg-accent-soft-fg" },
  { key: "question", label: "Question", fill: "fill-danger", swatch: "bg-danger" },
];

/** Each segment's share of the window as a percent, rounded so the strip never overflows. */
export function budgetSegments(props: Pick<BudgetBarProps, "window" | "reserved" | "margin" | "sections">): Segment[] {
  const used = SECTIONS.reduce((sum, s) => sum + props.sections[s.key], 0);
  const free = Math.max(0, props.window - used - props.reserved - props.margin);
  return [
    ...SECTIONS.map((s) => ({ key: s.key, label: s.label, tokens: props.sections[s.key], fill: s.fill, swatch: s.swatch })),
    { key: "reserved", label: "Reserved answer", tokens: props.reserved, fill: "fill-muted", swatch: "bg-muted" },
    { key: "margin", label: "Safety margin", tokens: props.margin, fill: "fill-border-strong", swatch: "bg-border-strong" },
    { key: "free", label: "Free", tokens: free, fill: "fill-surface-muted", swatch: "bg-surface-muted" },
  ];
}

const percent = (tokens: number, total: number) => (total > 0 ? (tokens / total) * 100 : 0);
const format = (n: number) => n.toLocaleString("en");

/**
 * The context window as one strip: what each part of the prompt uses, the tokens reserved for the answer, the
 * margin and what is left, then the same figures as a table (the strip is decoration for sighted readers; the
 * table carries the information, so nothing depends on colour), then what was dropped to fit.
 * Widths are SVG attributes: the CSP drops inline styles.
 */
export function BudgetBar({
  window,
  reserved,
  margin,
  sections,
  dropped = [],
  label = "Token budget",
  className,
  ...props
}: BudgetBarProps) {
  const segments = budgetSegments({ window, reserved, margin, sections });
  const total = Math.max(
    window,
    segments.reduce((sum, s) => sum + s.tokens, 0),
  );
  let x = 0;
  return (
    <figure className={cn("flex flex-col gap-3", className)} data-testid={props["data-testid"]}>
      <figcaption className="text-sm font-medium">{label}</figcaption>
      <svg className="block h-6 w-full overflow-hidden rounded-md border border-border" aria-hidden="true" focusable="false">
        {segments.map((s) => {
          const width = percent(s.tokens, total);
          const rect = <rect key={s.key} x={`${x}%`} width={`${width}%`} height="100%" className={s.fill} />;
          x += width;
          return rect;
        })}
      </svg>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-hidden="true">
        {segments.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className={cn("inline-block size-3 rounded-sm border border-border", s.swatch)} />
            {s.label}
          </li>
        ))}
      </ul>
      <Table className="text-sm" data-testid="budget-table">
        <TableCaption className="sr-only">{label}, in tokens</TableCaption>
        <TableHead>
          <TableRow>
            <TableHeaderCell>Part</TableHeaderCell>
            <TableHeaderCell className="text-right">Tokens</TableHeaderCell>
            <TableHeaderCell className="text-right">Share of the window</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {segments.map((s) => (
            <TableRow key={s.key}>
              <TableCell>{s.label}</TableCell>
              <TableCell className="text-right tabular-nums">{format(s.tokens)}</TableCell>
              <TableCell className="text-right tabular-nums">{percent(s.tokens, window).toFixed(1)}%</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell className="font-medium">Context window</TableCell>
            <TableCell className="text-right font-medium tabular-nums">{format(window)}</TableCell>
            <TableCell className="text-right tabular-nums">100%</TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <div data-testid="budget-dropped">
        <h4 className="text-sm font-medium">Dropped to fit</h4>
        {dropped.length === 0 ? (
          <p className="text-sm text-muted">Nothing: everything fitted.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5 text-sm">
            {dropped.map((d) => (
              <li key={`${d.kind}:${d.id}`}>
                {d.kind} <code className="text-xs">{d.id}</code>: {format(d.tokens)} tokens ({d.reason})
              </li>
            ))}
          </ul>
        )}
      </div>
    </figure>
  );
}
