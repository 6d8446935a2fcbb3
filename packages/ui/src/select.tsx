import type { ComponentProps } from "react";

import { controlClassName } from "./input";
import { cn } from "./lib/cn";

export type SelectProps = Omit<ComponentProps<"select">, "size"> & {
  invalid?: boolean;
  /** Control height; the native `size` attribute (visible rows) is not used. */
  controlSize?: "sm" | "md";
};

/** A native select, styled like the other form controls (native keeps keyboard and screen-reader support). */
export function Select({ invalid, controlSize = "md", className, children, ...props }: SelectProps) {
  return (
    <select
      aria-invalid={invalid || undefined}
      className={cn(controlClassName, "appearance-auto pr-8", controlSize === "sm" ? "h-8 text-sm" : "h-10", className)}
      {...props}
    >
      {children}
    </select>
  );
}
