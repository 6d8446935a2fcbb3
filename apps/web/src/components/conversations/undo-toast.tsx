"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";

import { deletedNotice } from "./deleted-notice";
import { CloseIcon } from "~/components/icons";

/**
 * "Conversation deleted — Undo", for a few seconds after a delete (held while hovered or focused). The live region
 * stays in the page so that screen readers announce the notice when it appears.
 */
export function UndoToast({ className }: { className: string }) {
  const t = useTranslations("conversations");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const notice = useSyncExternalStore(deletedNotice.subscribe, deletedNotice.get, deletedNotice.getServer);

  const restore = useMutation(
    trpc.conversations.restore.mutationOptions({
      onSuccess: async (restored) => {
        const wasOpen = deletedNotice.get()?.wasOpen ?? false;
        deletedNotice.hide(restored.id);
        await queryClient.invalidateQueries({ queryKey: trpc.conversations.pathKey() });
        if (wasOpen) router.push(`/c/${restored.id}`);
      },
    }),
  );
  const failed = restore.isError && restore.variables?.id === notice?.id;

  return (
    <div role="status" aria-live="polite" className={className}>
      {notice ? (
        <div
          className="flex items-center gap-2 rounded-lg border border-border-strong bg-surface py-2 pr-2 pl-3 text-sm text-fg shadow-lg"
          onPointerEnter={deletedNotice.hold}
          onPointerLeave={deletedNotice.release}
          onFocus={deletedNotice.hold}
          onBlur={deletedNotice.release}
          data-testid="conversation-deleted"
        >
          <p className="min-w-0 flex-1">{failed ? t("deleted.restoreFailed") : t("deleted.message")}</p>
          <button
            type="button"
            onClick={() => restore.mutate({ id: notice.id })}
            disabled={restore.isPending}
            aria-label={t("deleted.undoLabel", { title: notice.title })}
            className="h-8 rounded-md px-2 font-semibold text-accent hover:bg-accent-soft focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-60"
            data-testid="conversation-undo"
          >
            {failed ? t("errors.retry") : t("deleted.undo")}
          </button>
          <button
            type="button"
            onClick={() => deletedNotice.hide()}
            aria-label={t("deleted.dismiss")}
            className="flex size-8 items-center justify-center rounded-md text-muted hover:bg-surface-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-ring"
          >
            <CloseIcon />
          </button>
        </div>
      ) : null}
    </div>
  );
}
