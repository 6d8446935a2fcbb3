"use client";

import type { RouterOutputs } from "@lore/api";
import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { ConfirmDialog } from "@lore/ui/confirm-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { describeError } from "~/lib/trpc-errors";

type User = RouterOutputs["admin"]["users"]["list"]["items"][number];

/** Deactivate (signs them out everywhere at once) or reactivate a user, each after a confirmation. */
export function UserStatusAction({ user, isSelf, onChanged }: { user: User; isSelf: boolean; onChanged: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deactivated = user.status === "deactivated";
  const options = {
    onSuccess: async () => {
      setConfirming(false);
      setError(null);
      onChanged(deactivated ? `${user.name} can sign in again.` : `${user.name} is deactivated and signed out everywhere.`);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() });
    },
    onError: (e: unknown) => {
      setConfirming(false);
      setError(describeError(e));
    },
  };
  const deactivate = useMutation(trpc.admin.users.deactivate.mutationOptions(options));
  const reactivate = useMutation(trpc.admin.users.reactivate.mutationOptions(options));
  const pending = deactivate.isPending || reactivate.isPending;

  if (isSelf) return <span className="text-xs text-muted">Another admin can deactivate you.</span>;
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        size="sm"
        variant={deactivated ? "secondary" : "ghost"}
        onClick={() => setConfirming(true)}
        aria-label={`${deactivated ? "Reactivate" : "Deactivate"} ${user.name}`}
        data-testid={deactivated ? "reactivate-user" : "deactivate-user"}
      >
        {deactivated ? "Reactivate" : "Deactivate"}
      </Button>
      {error ? (
        <p role="alert" className="max-w-xs text-xs text-danger" data-testid="user-status-error">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={deactivated ? `Reactivate ${user.name}?` : `Deactivate ${user.name}?`}
        message={
          deactivated
            ? `${user.email} will be able to sign in again, and their API keys will work again.`
            : `${user.email} is signed out everywhere at once and cannot sign in or use their API keys until an admin reactivates them. Their conversations, groups and keys are kept.`
        }
        confirmLabel={deactivated ? "Reactivate" : "Deactivate"}
        variant={deactivated ? "primary" : "danger"}
        pending={pending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => (deactivated ? reactivate : deactivate).mutate({ userId: user.id })}
        data-testid="user-status-dialog"
        confirmTestId="user-status-confirm"
      />
    </div>
  );
}
