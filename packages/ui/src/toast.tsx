"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

export type ToastOptions = {
  /** A button in the toast, e.g. "Undo"; clicking it also dismisses the toast. */
  action?: { label: string; onClick: () => void };
  /** How long the toast stays, in ms; null keeps it until dismissed (use that when the action matters). */
  durationMs?: number | null;
  testId?: string;
};

type Toast = ToastOptions & { id: number; message: ReactNode };

export type ToastApi = {
  /** Shows a short message; returns its id for `dismiss`. */
  show: (message: ReactNode, options?: ToastOptions) => number;
  dismiss: (id: number) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

/** Shows toasts from anywhere below a ToastProvider. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a <ToastProvider> above it.");
  return api;
}

export type ToastProviderProps = {
  children: ReactNode;
  /** Default time a toast stays, in ms. */
  durationMs?: number;
  /** At most this many toasts at once; the oldest go first. */
  limit?: number;
  /** Accessible name of each toast's × button. */
  dismissLabel?: string;
  /** Names the region that holds the toasts. */
  regionLabel?: string;
};

/**
 * Holds the toasts: short messages in a polite live region at the bottom of the screen, which disappear after a
 * while (not while the pointer or focus is on them).
 */
export function ToastProvider({
  children,
  durationMs = 5000,
  limit = 3,
  dismissLabel = "Dismiss",
  regionLabel = "Notifications",
}: ToastProviderProps) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (message: ReactNode, options: ToastOptions = {}) => {
      const id = nextId.current++;
      setToasts((current) => [...current, { durationMs, ...options, id, message }].slice(-limit));
      return id;
    },
    [durationMs, limit],
  );
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  return (
    <ToastContext value={api}>
      {children}
      {/* The live region exists from the start: screen readers announce only what changes inside one. */}
      <section
        aria-label={regionLabel}
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
      >
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} dismissLabel={dismissLabel} dismiss={dismiss} />
        ))}
      </section>
    </ToastContext>
  );
}

function ToastItem({ toast, dismissLabel, dismiss }: { toast: Toast; dismissLabel: string; dismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  const { id, durationMs } = toast;
  const onDismiss = () => dismiss(id);

  // Restarts from the full duration after a pause: the person may have been reading it.
  useEffect(() => {
    if (paused || durationMs === null || durationMs === undefined) return;
    const timer = setTimeout(() => dismiss(id), durationMs);
    return () => clearTimeout(timer);
  }, [paused, durationMs, id, dismiss]);

  return (
    <div
      onPointerEnter={() => setPaused(true)}
      onPointerLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className="pointer-events-auto flex w-full max-w-sm items-center gap-3 rounded-lg border border-border bg-surface py-2.5 pr-2 pl-4 text-sm text-fg shadow-lg"
      data-testid={toast.testId}
    >
      <div className="min-w-0 flex-1">{toast.message}</div>
      {toast.action ? (
        <button
          type="button"
          onClick={() => {
            toast.action?.onClick();
            onDismiss();
          }}
          className="shrink-0 rounded-md px-2 py-1 font-medium text-accent hover:bg-accent-soft focus-visible:outline-2 focus-visible:outline-ring"
        >
          {toast.action.label}
        </button>
      ) : null}
      <button
        type="button"
        onClick={onDismiss}
        aria-label={dismissLabel}
        className="flex size-7 shrink-0 items-center justify-center rounded-md text-muted hover:bg-surface-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-ring"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false" className="size-4">
          <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
        </svg>
      </button>
    </div>
  );
}
