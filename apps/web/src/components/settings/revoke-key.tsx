"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Button } from "@lore/ui/button";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { keyErrorMessage } from "./key-errors";

/** Revoke, then confirm in place (focus moves to the confirmation; Cancel or Esc goes back). */
export function RevokeKey({ id, name, onRevoked }: { id: string; name: string; onRevoked: () => void }) {
  const t = useTranslations("settings");
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: onRevoked }));

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  function cancel() {
    setConfirming(false);
    requestAnimationFrame(() => revokeButton.current?.focus());
  }

  if (!confirming) {
    return (
      <Button
        ref={revokeButton}
        variant="secondary"
        size="sm"
        onClick={() => setConfirming(true)}
        aria-label={t("keys.revokeLabel", { name })}
        data-testid="api-key-revoke"
      >
        {t("keys.revoke")}
      </Button>
    );
  }
  return (
    <div
      role="group"
      aria-label={t("keys.confirmLabel", { name })}
      className="flex flex-wrap items-center gap-2"
      onKeyDown={(e) => {
        if (e.key === "Escape") cancel();
      }}
    >
      <span className="text-sm text-fg">{t("keys.confirmQuestion")}</span>
      <Button
        ref={confirmButton}
        variant="danger"
        size="sm"
        loading={revoke.isPending}
        onClick={() => revoke.mutate({ id })}
        data-testid="api-key-revoke-confirm"
      >
        {t("keys.confirmRevoke")}
      </Button>
      <Button variant="ghost" size="sm" onClick={cancel} disabled={revoke.isPending} data-testid="api-key-revoke-cancel">
        {t("keys.cancel")}
      </Button>
      {revoke.error ? (
        <span role="alert" className="w-full text-xs text-danger">
          {keyErrorMessage(t, revoke.error)}
        </span>
      ) : null}
    </div>
  );
}
