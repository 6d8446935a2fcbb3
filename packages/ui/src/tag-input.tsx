"use client";

import { useId, useRef, useState, type ChangeEvent, type ComponentProps, type KeyboardEvent } from "react";

import { cn } from "./lib/cn";
import { mergeRefs } from "./lib/merge-refs";

/** Says why a tag is not acceptable, or null when it is. */
export type TagValidator = (tag: string) => string | null;

export type TagDraft = {
  /** The tags after adding the draft's acceptable ones (duplicates are dropped silently). */
  tags: string[];
  /** What stays in the text box: the first rejected tag and what followed it, or the unfinished last part. */
  draft: string;
  /** Why the first rejected tag was rejected. */
  error: string | null;
};

/**
 * Adds the comma-separated tags typed (or pasted) into the text box. With `finish`, the text after the last comma
 * is a tag too (Enter, leaving the box); without it, it stays in the box as the tag being typed.
 */
export function addDraftTags(tags: readonly string[], draft: string, validate?: TagValidator, finish = true): TagDraft {
  const parts = draft.split(",");
  const unfinished = finish ? "" : (parts.pop() ?? "");
  const next = [...tags];
  for (const [index, part] of parts.entries()) {
    const tag = part.trim();
    if (!tag || next.includes(tag)) continue;
    const error = validate?.(tag) ?? null;
    if (error) {
      const rest = [tag, ...parts.slice(index + 1).map((rest) => rest.trim())].filter(Boolean).join(", ");
      return { tags: next, draft: unfinished ? `${rest}, ${unfinished.trimStart()}` : rest, error };
    }
    next.push(tag);
  }
  return { tags: next, draft: unfinished.trimStart(), error: null };
}

/** What a key press in the text box does: finish the draft as a tag, remove the last tag, or nothing special. */
export function tagKeyAction(key: string, draft: string): "add" | "remove-last" | null {
  // A comma never reaches the box; Enter in an empty box is left alone, so it still submits the form.
  if (key === ",") return "add";
  if (key === "Enter") return draft.trim() ? "add" : null;
  if (key === "Backspace" && draft === "") return "remove-last";
  return null;
}

export type TagInputProps = Omit<ComponentProps<"input">, "value" | "defaultValue" | "onChange" | "type"> & {
  value: readonly string[];
  onChange: (tags: string[]) => void;
  /** Checks each new tag; a message keeps the tag in the box and is shown under it. */
  validate?: TagValidator;
  /** Accessible name of each tag's remove button. */
  removeLabel?: (tag: string) => string;
  /** Names the list of tags for screen readers. */
  listLabel?: string;
  /** An error from outside (e.g. the server); shown like a validation message. */
  error?: string | null;
  invalid?: boolean;
  containerClassName?: string;
};

/**
 * A list of short strings edited as tags: type and press Enter or a comma to add one, Backspace in the empty box
 * removes the last, each tag has a remove button. The text box takes `id` (for a Label), `placeholder`, `data-testid`…; the tags live in `value`, not in a form field.
 */
export function TagInput({
  value,
  onChange,
  validate,
  removeLabel = (tag) => `Remove ${tag}`,
  listLabel,
  error: outsideError,
  invalid,
  id,
  className,
  containerClassName,
  disabled,
  onKeyDown,
  onBlur,
  "aria-describedby": describedBy,
  ref,
  ...props
}: TagInputProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const messageId = `${inputId}-message`;
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState("");
  const [ownError, setOwnError] = useState<string | null>(null);
  const error = ownError ?? outsideError ?? null;

  function commit(text: string, finish: boolean) {
    const result = addDraftTags(value, text, validate, finish);
    if (result.tags.length !== value.length) onChange(result.tags);
    setDraft(result.draft);
    setOwnError(result.error);
  }

  function handleChange(event: ChangeEvent<HTMLInputElement>) {
    const text = event.target.value;
    // A comma typed or pasted finishes the tags before it.
    if (text.includes(",")) commit(text, false);
    else {
      setDraft(text);
      setOwnError(null);
    }
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    const action = tagKeyAction(event.key, draft);
    if (action === "add") {
      event.preventDefault();
      commit(draft, true);
    } else if (action === "remove-last" && value.length > 0) {
      event.preventDefault();
      onChange(value.slice(0, -1));
      setOwnError(null);
    }
  }

  return (
    <div className={cn("flex flex-col gap-1.5", containerClassName)}>
      <div
        className={cn(
          "flex min-h-10 w-full flex-wrap items-center gap-1.5 rounded-lg border border-border-strong bg-surface px-2 py-1.5 text-sm shadow-xs transition-colors",
          "focus-within:border-accent focus-within:outline-2 focus-within:outline-ring/40",
          error || invalid ? "border-danger focus-within:outline-danger/30" : null,
          disabled ? "cursor-not-allowed bg-surface-muted opacity-70" : null,
        )}
      >
        {value.length > 0 ? (
          <ul aria-label={listLabel} className="contents">
            {value.map((tag) => (
              <li
                key={tag}
                className="inline-flex max-w-full items-center gap-0.5 rounded-md bg-accent-soft py-0.5 pr-0.5 pl-2 text-xs font-medium text-accent-soft-fg"
              >
                <span className="truncate">{tag}</span>
                <button
                  type="button"
                  onClick={() => {
                    onChange(value.filter((other) => other !== tag));
                    // The button goes away with its tag: keep focus in the control.
                    input.current?.focus();
                  }}
                  disabled={disabled}
                  aria-label={removeLabel(tag)}
                  className="flex size-5 shrink-0 items-center justify-center rounded-sm hover:bg-accent/15 focus-visible:outline-2 focus-visible:outline-ring disabled:cursor-not-allowed"
                >
                  <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false" className="size-3.5">
                    <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
                  </svg>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          ref={mergeRefs(input, ref)}
          type="text"
          id={inputId}
          value={draft}
          onChange={handleChange}
          onKeyDown={handleKeyDown}
          onBlur={(event) => {
            onBlur?.(event);
            if (draft.trim()) commit(draft, true);
          }}
          disabled={disabled}
          aria-invalid={Boolean(error) || invalid || undefined}
          aria-describedby={cn(describedBy, error ? messageId : null) || undefined}
          aria-errormessage={error ? messageId : undefined}
          className={cn(
            "h-7 min-w-24 flex-1 bg-transparent px-1 text-fg outline-none placeholder:text-muted disabled:cursor-not-allowed",
            className,
          )}
          {...props}
        />
      </div>
      {error ? (
        <p id={messageId} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
