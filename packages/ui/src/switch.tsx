"use client";

import { useId, type ComponentProps, type ReactNode } from "react";

import { cn } from "./lib/cn";

export type SwitchProps = Omit<ComponentProps<"input">, "type" | "role" | "className"> & {
  /** Shown beside the switch and names it; without one, give the switch an `aria-label`. */
  label?: ReactNode;
  /** Help text under the label, linked with aria-describedby. */
  description?: ReactNode;
  /** Puts the label before the switch (settings lists) instead of after it. */
  labelFirst?: boolean;
  /** Classes of the drawn switch (the input itself is invisible on top of it). */
  className?: string;
  containerClassName?: string;
};

/**
 * An on/off switch: a real checkbox with role="switch" (forms, Space and screen readers work as usual), invisible
 * on top of the drawn track and thumb, which follow its state through `peer-*` variants.
 */
export function Switch({ label, description, labelFirst = false, id, className, containerClassName, ...props }: SwitchProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const descriptionId = `${inputId}-description`;

  const control = (
    <span className={cn("relative inline-flex h-5 w-9 shrink-0", className)}>
      <input
        type="checkbox"
        role="switch"
        id={inputId}
        aria-describedby={description ? descriptionId : undefined}
        className="peer absolute inset-0 z-10 m-0 size-full cursor-pointer appearance-none rounded-full opacity-0 disabled:cursor-not-allowed"
        {...props}
      />
      <span
        aria-hidden="true"
        className="size-full rounded-full bg-border-strong transition-colors peer-checked:bg-accent peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-ring peer-disabled:opacity-60"
      />
      <span
        aria-hidden="true"
        className="absolute top-0.5 left-0.5 size-4 rounded-full bg-white shadow-sm transition-transform peer-checked:translate-x-4"
      />
    </span>
  );
  if (!label) return control;

  const text = (
    <div className="flex min-w-0 flex-col gap-0.5">
      <label htmlFor={inputId} className="cursor-pointer text-sm font-medium text-fg">
        {label}
      </label>
      {description ? (
        <p id={descriptionId} className="text-sm text-muted">
          {description}
        </p>
      ) : null}
    </div>
  );

  return (
    <div className={cn("flex items-start gap-3", labelFirst ? "justify-between" : null, containerClassName)}>
      {labelFirst ? text : control}
      {labelFirst ? control : text}
    </div>
  );
}
