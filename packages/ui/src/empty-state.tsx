import type { ComponentProps, ReactNode } from "react";

import { cn } from "./lib/cn";

export type EmptyStateProps = Omit<ComponentProps<"div">, "title"> & {
  title: ReactNode;
  /** A line or two on why it is empty or what to do. */
  text?: ReactNode;
  /** A button or link to the first step, e.g. "Add a source". */
  action?: ReactNode;
  /** A decorative icon above the title (mark it aria-hidden). */
  icon?: ReactNode;
  /** Heading level of the title, to fit the page's outline. */
  headingLevel?: 2 | 3;
};

/** What a list or page shows when there is nothing in it yet. */
export function EmptyState({ title, text, action, icon, headingLevel = 2, className, ...props }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-2 rounded-xl border border-dashed border-border-strong bg-surface px-6 py-10 text-center",
        className,
      )}
      {...props}
    >
      {icon ? <div className="mb-1 text-muted">{icon}</div> : null}
      <Heading className="text-base font-semibold text-fg">{title}</Heading>
      {text ? <div className="max-w-md text-sm leading-relaxed text-muted">{text}</div> : null}
      {action ? <div className="mt-3 flex flex-wrap items-center justify-center gap-3">{action}</div> : null}
    </div>
  );
}

/** The one-line form: what an empty list or filtered result says in place of its rows. */
export function EmptyNote({ className, ...props }: ComponentProps<"p">) {
  return (
    <p
      className={cn("rounded-xl border border-dashed border-border-strong px-6 py-10 text-center text-sm text-muted", className)}
      {...props}
    />
  );
}
