"use client";

import { useId, type ReactNode } from "react";

import { Input, type InputProps } from "./input";
import { Label } from "./label";
import { cn } from "./lib/cn";

export type FieldProps = Omit<InputProps, "id" | "invalid"> & {
  label: ReactNode;
  /** Shown under the control and linked to it with aria-describedby; marks the control invalid. */
  error?: string | null;
  /** Help text shown under the control when there is no error. */
  hint?: ReactNode;
  /** Extra content on the label's line (e.g. a "Forgot password?" link). */
  labelAside?: ReactNode;
  id?: string;
  containerClassName?: string;
};

/** A labelled input with its hint or error message wired up for assistive technology. */
export function Field({ label, error, hint, labelAside, id, containerClassName, ...inputProps }: FieldProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const messageId = `${inputId}-message`;
  const message = error ?? hint;

  return (
    <div className={cn("flex flex-col gap-1.5", containerClassName)}>
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={inputId}>{label}</Label>
        {labelAside}
      </div>
      <Input
        id={inputId}
        invalid={Boolean(error)}
        aria-describedby={message ? messageId : undefined}
        aria-errormessage={error ? messageId : undefined}
        {...inputProps}
      />
      {message ? (
        <p id={messageId} className={cn("text-sm", error ? "text-danger" : "text-muted")}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
