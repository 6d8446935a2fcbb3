import type { ComponentProps } from "react";

import { cn } from "./lib/cn";

export type SpinnerProps = Omit<ComponentProps<"span">, "children"> & {
  /** Announced to screen readers. Pass `null` when a parent already announces the busy state. */
  label?: string | null;
  size?: "sm" | "md" | "lg";
};

const sizes = { sm: "size-4", md: "size-5", lg: "size-8" } as const;

/** An indeterminate progress indicator. */
export function Spinner({ label = "Loading", size = "md", className, ...props }: SpinnerProps) {
  return (
    <span role={label ? "status" : undefined} className={cn("inline-flex shrink-0 items-center justify-center", className)} {...props}>
      <svg className={cn("animate-spin", sizes[size])} viewBox="0 0 24 24" fill="none" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9.5" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21.5 12a9.5 9.5 0 0 0-9.5-9.5" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}
