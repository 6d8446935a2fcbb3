"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { setPreferenceCookie } from "./cookie";

export interface PreferencePickerProps<T extends string> {
  /** The group's accessible name (the visible legend). */
  legend: string;
  description?: string;
  cookie: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string; lang?: string }>;
  /** Applied at once, before the server renders the page again with the new cookie. */
  onApply?: (value: T) => void;
  testId: string;
}

/** A row of radio buttons whose choice is remembered in a cookie; the page is then rendered again with it. */
export function PreferencePicker<T extends string>({
  legend,
  description,
  cookie,
  value,
  options,
  onApply,
  testId,
}: PreferencePickerProps<T>) {
  const router = useRouter();
  const [chosen, setChosen] = useState(value);
  const [, startTransition] = useTransition();

  function choose(next: T) {
    setChosen(next);
    setPreferenceCookie(cookie, next);
    onApply?.(next);
    startTransition(() => router.refresh());
  }

  return (
    <fieldset className="flex flex-col gap-2" data-testid={testId}>
      <legend className="text-sm font-medium text-fg">{legend}</legend>
      {description ? <p className="text-sm text-muted">{description}</p> : null}
      <div className="mt-1 inline-flex w-fit flex-wrap gap-1 rounded-lg border border-border bg-surface-muted p-1">
        {options.map((option) => (
          <label
            key={option.value}
            className="relative flex h-9 cursor-pointer items-center rounded-md px-3 text-sm font-medium text-muted transition-colors hover:text-fg has-checked:bg-surface has-checked:text-fg has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-ring"
            lang={option.lang}
          >
            <input
              type="radio"
              name={cookie}
              value={option.value}
              checked={chosen === option.value}
              onChange={() => choose(option.value)}
              className="sr-only"
              data-testid={`${testId}-${option.value}`}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
