import type { ComponentProps } from "react";

import { cn } from "./lib/cn";

/** Shared look of text-like form controls (inputs, selects, text areas). */
export const controlClassName =
  "block w-full rounded-lg border border-border-strong bg-surface px-3 text-sm text-fg shadow-xs " +
  "placeholder:text-muted transition-colors " +
  "focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40 " +
  "disabled:cursor-not-allowed disabled:bg-surface-muted disabled:opacity-70 " +
  "aria-invalid:border-danger aria-invalid:focus-visible:outline-danger/30";

export type InputProps = ComponentProps<"input"> & {
  /** Marks the control invalid for assistive technology and styles it as such. */
  invalid?: boolean;
};

export function Input({ invalid, className, type = "text", ...props }: InputProps) {
  return <input type={type} aria-invalid={invalid || undefined} className={cn(controlClassName, "h-10", className)} {...props} />;
}
