"use client";

import { Button } from "@lore/ui/button";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";

import { CopyButton } from "./copy-button";

/** A new key's secret, shown this once: copy it now. Focus moves here so the warning is read first. */
export function NewKeySecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const t = useTranslations("settings");
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      ref={box}
      tabIndex={-1}
      role="region"
      aria-labelledby="new-key-title"
      className="flex flex-col gap-3 rounded-lg border border-warning-soft-fg/25 bg-warning-soft p-4 text-warning-soft-fg"
      data-testid="api-key-secret-box"
    >
      <h3 id="new-key-title" className="text-sm font-semibold">
        {t("keys.secretTitle", { name })}
      </h3>
      <p className="text-sm">{t("keys.secretWarning")}</p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          className="min-w-0 flex-1 rounded-md border border-border bg-surface px-3 py-2 font-mono text-sm break-all text-fg"
          data-testid="api-key-secret"
        >
          {secret}
        </code>
        <div className="flex gap-2">
          <CopyButton text={secret} label={t("keys.copySecret")} data-testid="api-key-copy" />
          <Button variant="ghost" size="sm" onClick={onDone} className="text-warning-soft-fg" data-testid="api-key-secret-done">
            {t("keys.secretDone")}
          </Button>
        </div>
      </div>
    </div>
  );
}
