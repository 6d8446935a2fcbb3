import type { ComponentProps } from "react";

import { cn } from "./lib/cn";

/** A form label. Pass `htmlFor` (or nest the control) so the control gets its accessible name. */
export type LabelProps = ComponentProps<"label">;

export function Label({ className, ...props }: LabelProps) {
  return <label className={cn("text-sm font-medium text-fg", className)} {...props} />;
}
