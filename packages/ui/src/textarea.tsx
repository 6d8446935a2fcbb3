import type { ComponentProps } from "react";

import { controlClassName } from "./input";
import { cn } from "./lib/cn";

export type TextareaProps = ComponentProps<"textarea"> & {
  /** Marks the control invalid for assistive technology and styles it as such. */
  invalid?: boolean;
};

/** A multi-line text control, styled like Input. */
export function Textarea({ invalid, className, rows = 4, ...props }: TextareaProps) {
  return (
    <textarea
      rows={rows}
      aria-invalid={invalid || undefined}
      className={cn(controlClassName, "min-h-20 resize-y py-2", className)}
      {...props}
    />
  );
}
