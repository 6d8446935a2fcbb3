"use client";

import type { ComponentProps, FormEvent, ReactNode } from "react";

import { Button } from "./button";
import { cn } from "./lib/cn";

export type FilterBarProps = Omit<ComponentProps<"form">, "onSubmit" | "onReset"> & {
  /** Names the search landmark for screen readers ("Filter the audit log"). */
  label: string;
  /** Called on "Apply" (and Enter in any field); read the values from the form or from controlled state. */
  onApply: (form: HTMLFormElement) => void;
  /** Called on "Clear"; left out, there is no Clear button. */
  onClear?: () => void;
  /** Whether any filter is set: Clear is shown only then. */
  active?: boolean;
  /** Things on the right of the buttons (a download link, a count). */
  aside?: ReactNode;
  applyLabel?: string;
};

/**
 * A row of filters for a list: labelled controls that wrap on narrow screens, applied together with one button (or
 * Enter), so a list is not re-queried on every keystroke. A search landmark, so it can be reached directly.
 */
export function FilterBar({
  label,
  onApply,
  onClear,
  active,
  aside,
  applyLabel = "Apply filters",
  className,
  children,
  ...props
}: FilterBarProps) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(event.currentTarget);
  }
  return (
    <form
      role="search"
      aria-label={label}
      onSubmit={submit}
      className={cn("flex flex-wrap items-end gap-3 rounded-xl border border-border bg-surface p-4", className)}
      {...props}
    >
      {children}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="md">
          {applyLabel}
        </Button>
        {onClear && active ? (
          <Button type="button" variant="ghost" onClick={onClear}>
            Clear
          </Button>
        ) : null}
      </div>
      {aside ? <div className="ml-auto flex flex-wrap items-center gap-3">{aside}</div> : null}
    </form>
  );
}
