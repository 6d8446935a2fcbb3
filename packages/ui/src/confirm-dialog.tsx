"use client";

import type { ReactNode } from "react";

import { Button } from "./button";
import { Dialog } from "./dialog";

export type ConfirmDialogProps = {
  open: boolean;
  title: ReactNode;
  /** What will happen; it describes the dialog (aria-describedby). */
  message?: ReactNode;
  confirmLabel?: ReactNode;
  cancelLabel?: ReactNode;
  /** For destructive actions: the confirm button is red. */
  variant?: "primary" | "danger";
  /** While the action runs: the confirm button spins, both buttons are disabled and Esc does nothing. */
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  "data-testid"?: string;
  confirmTestId?: string;
  cancelTestId?: string;
};

/** Asks before an action. Focus starts on Cancel, so Enter never confirms by accident. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  variant = "primary",
  pending = false,
  onConfirm,
  onCancel,
  "data-testid": testId,
  confirmTestId,
  cancelTestId,
}: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={() => {
        if (!pending) onCancel();
      }}
      title={title}
      description={message}
      closeLabel={null}
      size="sm"
      aria-busy={pending || undefined}
      data-testid={testId}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} disabled={pending} data-testid={cancelTestId}>
            {cancelLabel}
          </Button>
          <Button variant={variant} onClick={onConfirm} loading={pending} data-testid={confirmTestId}>
            {confirmLabel}
          </Button>
        </>
      }
    />
  );
}
