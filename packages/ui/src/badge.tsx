import type { ComponentProps } from "react";

import { cn } from "./lib/cn";

export type BadgeVariant = "neutral" | "accent" | "success" | "warning" | "danger";

const variants: Record<BadgeVariant, string> = {
  neutral: "bg-surface-muted text-muted ring-border-strong/60",
  accent: "bg-accent-soft text-accent-soft-fg ring-accent/20",
  success: "bg-success-soft text-success-soft-fg ring-success-soft-fg/20",
  warning: "bg-warning-soft text-warning-soft-fg ring-warning-soft-fg/20",
  danger: "bg-danger-soft text-danger-soft-fg ring-danger/20",
};

export type BadgeProps = ComponentProps<"span"> & { variant?: BadgeVariant };

export function Badge({ variant = "neutral", className, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}
