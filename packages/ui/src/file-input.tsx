"use client";

import { useId, type ComponentProps, type ReactNode } from "react";

import { Label } from "./label";
import { cn } from "./lib/cn";

export type FileInputProps = Omit<ComponentProps<"input">, "type" | "id"> & {
  label: ReactNode;
  /** Help under the control, linked with aria-describedby. */
  hint?: ReactNode;
  id?: string;
  containerClassName?: string;
};

/** A labelled native file picker (keyboard and screen readers work as usual), its button drawn like the others. */
export function FileInput({ label, hint, id, className, containerClassName, ...props }: FileInputProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const hintId = `${inputId}-hint`;
  return (
    <div className={cn("flex flex-col gap-1.5", containerClassName)}>
      <Label htmlFor={inputId}>{label}</Label>
      <input
        id={inputId}
        type="file"
        aria-describedby={hint ? hintId : undefined}
        className={cn(
          "text-sm file:mr-3 file:rounded-lg file:border file:border-border file:bg-surface file:px-3 file:py-1.5 file:text-sm",
          className,
        )}
        {...props}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
