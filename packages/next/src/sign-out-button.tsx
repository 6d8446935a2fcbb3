"use client";

import { Button } from "@lore/ui/button";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { authClient } from "./auth-client";

/** Ends the session (in both apps: they share it) and returns to the sign-in page. `labels` translates it. */
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
      const { error } = await authClient.signOut();
      if (error) throw new Error(error.message ?? "sign-out failed");
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
