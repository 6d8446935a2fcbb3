import type { ComponentProps } from "react";

import { cn } from "./lib/cn";

export type ProgressBarProps = Omit<ComponentProps<"div">, "children"> & {
  /** Done so far, from 0 to `max`; null while the amount is unknown (indeterminate). */
  value: number | null;
  max?: number;
  /** Names the bar for screen readers (what is progressing). */
  label?: string;
  /** Read out instead of the bare number, e.g. "3 of 12 files". */
  valueText?: string;
};

/** Percent done, clamped to 0–100 (0 when `max` is not positive). */
export function progressPercent(value: number, max: number): number {
  if (!(max > 0) || !Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, (value / max) * 100));
}

/**
 * A horizontal progress bar. The fill is an SVG <rect> whose width is a presentation attribute: the CSP drops
 * inline `style` attributes, and <progress> would need vendor pseudo-elements (::-webkit-progress-value,
 * ::-moz-progress-bar) that Tailwind reaches only with arbitrary variants, and differ again when indeterminate.
 */
export function ProgressBar({ value, max = 100, label = "Progress", valueText, className, ...props }: ProgressBarProps) {
  const percent = value === null ? null : progressPercent(value, max);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value === null ? undefined : Math.min(max, Math.max(0, value))}
      aria-valuetext={value === null ? undefined : valueText}
      className={cn("h-2 w-full overflow-hidden rounded-full bg-surface-muted", className)}
      {...props}
    >
      <svg className="block size-full" aria-hidden="true" focusable="false">
        {percent === null ? (
          // Indeterminate: a segment sliding across (SMIL, no CSS); a steady faint fill when motion is reduced.
          <>
            <rect width="30%" height="100%" rx="4" className="fill-accent motion-reduce:hidden">
              <animate attributeName="x" from="-30%" to="100%" dur="1.4s" repeatCount="indefinite" />
            </rect>
            <rect width="100%" height="100%" className="hidden fill-accent/40 motion-reduce:inline" />
          </>
        ) : (
          <rect width={`${percent}%`} height="100%" className="fill-accent transition-[width] duration-300" />
        )}
      </svg>
    </div>
  );
}
