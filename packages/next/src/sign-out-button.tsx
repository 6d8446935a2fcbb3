"use client";

import { Button } from "@lore/ui/button";
import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Ends the session (in both apps: they share it) and returns to the sign-in page. `labels` translates it.
 * A plain POST to better-auth's sign-out endpoint rather than its client: the client weighs ~40 KB gzip on
 * every signed-in page for this one call.
 */
export function SignOutButton({
  labels = { button: "Sign out", failed: "Sign-out failed. Try again." },
  className,
}: {
  labels?: { button: string; failed: string };
  className?: string;
} = {}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    try {
      const response = await fetch("/api/auth/sign-out", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`sign-out failed: ${response.status}`);
    } catch {
      setPending(false);
      setFailed(true);
      return;
    }
    router.replace("/login");
    router.refresh();
  }

  return (
    <div className={className ?? "flex items-center gap-2"}>
      <span role="status" className="text-xs text-danger">
        {failed ? labels.failed : null}
      </span>
      <Button variant="secondary" size="sm" loading={pending} onClick={() => void signOut()} data-testid="sign-out">
        {labels.button}
      </Button>
    </div>
  );
}
