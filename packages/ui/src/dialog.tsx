"use client";

import { useEffect, useId, useRef, type ComponentProps, type ReactNode, type SyntheticEvent } from "react";

import { cn } from "./lib/cn";
import { mergeRefs } from "./lib/merge-refs";

export type DialogSize = "sm" | "md" | "lg";

const sizes: Record<DialogSize, string> = { sm: "sm:max-w-sm", md: "sm:max-w-md", lg: "sm:max-w-2xl" };

export type DialogProps = Omit<ComponentProps<"dialog">, "open" | "title" | "onClose" | "onCancel"> & {
  /** Shows the dialog as a modal (`showModal()`) when true and closes it when false. */
  open: boolean;
  /** Called when the person asks to close it (Esc, the close button); the caller sets `open` to false. */
  onClose: () => void;
  /** The heading; it names the dialog (aria-labelledby). */
  title: ReactNode;
  /** Text under the heading; it describes the dialog (aria-describedby). */
  description?: ReactNode;
  /** Buttons at the bottom, right-aligned. */
  footer?: ReactNode;
  /** Accessible name of the × button in the corner; `null` leaves the button out (the footer offers a way out). */
  closeLabel?: string | null;
  size?: DialogSize;
};

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside, makes the page behind it inert, and
 * closes it on Esc. Its content is rendered only while open, so forms in it start fresh each time.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  footer,
  closeLabel = "Close",
  size = "md",
  className,
  children,
  ref: outerRef,
  ...props
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  // Runs after the content is committed, so showModal() finds it and moves focus inside.
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  // Esc: let the caller decide (it may refuse while something is pending). Browsers may still close the dialog
  // on a repeated Esc; `close` then reports it too.
  function handleCancel(event: SyntheticEvent<HTMLDialogElement>) {
    event.preventDefault();
    onClose();
  }

  function handleClose() {
    if (open) onClose();
  }

  return (
    <dialog
      ref={mergeRefs(ref, outerRef)}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={handleCancel}
      onClose={handleClose}
      className={cn(
        "m-auto w-full max-w-[calc(100%-2rem)] rounded-xl border border-border bg-surface p-0 text-fg shadow-xl backdrop:bg-black/40",
        sizes[size],
        className,
      )}
      {...props}
    >
      {open ? (
        <div className="relative flex flex-col gap-4 p-6">
          <div className={cn("flex flex-col gap-1.5", closeLabel ? "pr-8" : null)}>
            <h2 id={titleId} className="text-lg font-semibold tracking-tight text-fg">
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="text-sm leading-relaxed text-muted">
                {description}
              </div>
            ) : null}
          </div>
          {children ? <div className="text-sm text-fg">{children}</div> : null}
          {footer ? <div className="flex flex-wrap items-center justify-end gap-3 pt-2">{footer}</div> : null}
          {/* Last in the document so showModal() focuses the content (or the footer's first button) first. */}
          {closeLabel ? (
            <button
              type="button"
              onClick={onClose}
              aria-label={closeLabel}
              className="absolute top-4 right-4 flex size-8 items-center justify-center rounded-md text-muted transition-colors hover:bg-surface-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            >
              <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false" className="size-5">
                <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
              </svg>
            </button>
          ) : null}
        </div>
      ) : null}
    </dialog>
  );
}
