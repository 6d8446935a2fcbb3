import type { ComponentProps, ReactNode } from "react";

import { cn } from "./lib/cn";

/** A page's title row: heading, optional description and actions. */
export function PageHeader({
  title,
  description,
  actions,
  className,
  ...props
}: Omit<ComponentProps<"div">, "title"> & { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className={cn("mb-8 flex flex-wrap items-end justify-between gap-4", className)} {...props}>
      <div className="flex min-w-0 flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">{title}</h1>
        {description ? <p className="text-sm text-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}
