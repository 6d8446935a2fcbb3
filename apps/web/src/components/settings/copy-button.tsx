"use client";

import { Button, type ButtonProps } from "@lore/ui/button";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/** Copies `text` to the clipboard and says so (politely, for screen readers) for a moment. */
export function CopyButton({ text, label, ...props }: Omit<ButtonProps, "onClick" | "children"> & { text: string; label?: string }) {
  const t = useTranslations("settings");
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <Button variant="secondary" size="sm" onClick={() => void copy()} {...props}>
      <span aria-live="polite">
        {state === "copied" ? t("copy.copied") : state === "failed" ? t("copy.failed") : (label ?? t("copy.button"))}
      </span>
    </Button>
  );
}
