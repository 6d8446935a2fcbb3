import type { ComponentProps } from "react";

import { cn } from "./lib/cn";
import { ScrollRegion } from "./scroll-region";

/**
 * A data table in a bordered frame that scrolls sideways on narrow screens. Give it an accessible name with
 * `aria-label` (also the scrolling frame's name) or a caption.
 */
export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <ScrollRegion
      label={props["aria-label"] ?? "Table"}
      className="relative w-full overflow-x-auto rounded-xl border border-border bg-surface shadow-sm"
    >
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </ScrollRegion>
  );
}

export function TableHead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-border bg-surface-muted/60", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-border", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("align-middle", className)} {...props} />;
}

export function TableHeaderCell({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return <th scope={scope} className={cn("px-4 py-2.5 text-xs font-semibold tracking-wide text-muted uppercase", className)} {...props} />;
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 text-fg", className)} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cn("sr-only", className)} {...props} />;
}
