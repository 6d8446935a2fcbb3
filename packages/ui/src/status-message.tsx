import type { ComponentProps, ReactNode } from "react";

import { cn } from "./lib/cn";

export type StatusMessageProps = Omit<ComponentProps<"section">, "title"> & {
  /** A short label above the title, e.g. "404" or "Access denied". */
  eyebrow?: ReactNode;
  title: ReactNode;
  /** Heading level of the title: 1 when the message is the whole page. */
  headingLevel?: 1 | 2;
  actions?: ReactNode;
};

/** A page-level message (not found, access refused, something broke) with what the person can do next. */
export function StatusMessage({ eyebrow, title, headingLevel = 1, actions, className, children, ...props }: StatusMessageProps) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <section
      className={cn(
        "flex flex-col items-center gap-3 rounded-xl border border-border bg-surface px-6 py-10 text-center shadow-sm",
        className,
      )}
      {...props}
    >
      {eyebrow ? <p className="text-xs font-semibold tracking-wider text-accent uppercase">{eyebrow}</p> : null}
      <Heading className="text-xl font-semibold tracking-tight text-fg">{title}</Heading>
      {children ? <div className="max-w-md text-sm leading-relaxed text-muted">{children}</div> : null}
      {actions ? <div className="mt-3 flex flex-wrap items-center justify-center gap-3">{actions}</div> : null}
    </section>
  );
}
