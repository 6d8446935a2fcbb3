"use client";

import { useId, type ComponentProps, type ReactNode } from "react";

import { cn } from "./lib/cn";

export type CheckboxProps = Omit<ComponentProps<"input">, "type"> & {
  /** Shown beside the box and names it; without one, give the checkbox an `aria-label`. */
  label?: ReactNode;
  /** Help text under the label, linked with aria-describedby. */
  description?: ReactNode;
  invalid?: boolean;
  containerClassName?: string;
};

const boxClassName =
  "mt-0.5 size-4 shrink-0 cursor-pointer accent-accent " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring " +
  "disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:outline-2 aria-invalid:outline-danger/60";

/** A native checkbox (keyboard, forms and screen readers work as usual), tinted with the accent colour. */
export function Checkbox({ label, description, invalid, id, className, containerClassName, ...props }: CheckboxProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const descriptionId = `${inputId}-description`;
  const input = (
    <input
      type="checkbox"
      id={inputId}
      aria-invalid={invalid || undefined}
      aria-describedby={description ? descriptionId : undefined}
      className={cn(boxClassName, className)}
      {...props}
    />
  );
  if (!label) return input;

  return (
    <div className={cn("flex items-start gap-2.5", containerClassName)}>
      {input}
      <div className="flex flex-col gap-0.5">
        <label htmlFor={inputId} className="cursor-pointer text-sm font-medium text-fg">
          {label}
        </label>
        {description ? (
          <p id={descriptionId} className="text-sm text-muted">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
