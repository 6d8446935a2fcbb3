"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { Field } from "@lore/ui/field";
import { LocalTime } from "@lore/ui/local-time";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { keyErrorMessage } from "./key-errors";
import { NewKeySecret } from "./new-key-secret";
import { RevokeKey } from "./revoke-key";

/** The person's API keys: create one (its secret shown once), see when each was last used, revoke. */
export function ApiKeys() {
  const t = useTranslations("settings");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setCreated({ name: key.name, secret: key.secret });
        setName("");
        void refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === "") return;
    create.mutate({ name: name.trim() });
  }

  return (
    <div className="flex flex-col gap-5" data-testid="api-keys">
      {created ? <NewKeySecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} /> : null}

      <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end" data-testid="api-key-form">
        <Field
          label={t("keys.nameLabel")}
          hint={t("keys.nameHint")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          required
          autoComplete="off"
          containerClassName="flex-1"
          error={create.error ? keyErrorMessage(t, create.error) : null}
          data-testid="api-key-name"
        />
        <Button type="submit" loading={create.isPending} className="sm:mb-6" data-testid="api-key-create">
          {t("keys.create")}
        </Button>
      </form>

      {keys.isPending ? (
        <p className="text-sm text-muted">{t("keys.loading")}</p>
      ) : keys.isError ? (
        <Alert variant="error">{keyErrorMessage(t, keys.error)}</Alert>
      ) : keys.data.length === 0 ? (
        <p className="text-sm text-muted" data-testid="api-keys-empty">
          {t("keys.empty")}
        </p>
      ) : (
        <ul
          className="flex flex-col divide-y divide-border rounded-lg border border-border"
          aria-label={t("keys.listLabel")}
          data-testid="api-key-list"
        >
          {keys.data.map((key) => {
            const revoked = key.revokedAt !== null;
            const expired = !revoked && key.expiresAt !== null && new Date(key.expiresAt) < new Date();
            return (
              <li
                key={key.id}
                className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center"
                data-testid="api-key-item"
                data-revoked={revoked || undefined}
              >
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="truncate font-medium text-fg" data-testid="api-key-item-name">
                      {key.name}
                    </span>
                    <code className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs text-muted">{key.prefix}…</code>
                    {revoked ? (
                      <Badge variant="danger">{t("keys.revoked")}</Badge>
                    ) : expired ? (
                      <Badge variant="warning">{t("keys.expired")}</Badge>
                    ) : null}
                  </div>
                  <p className="text-xs text-muted">
                    {t("keys.created")} <LocalTime value={key.createdAt} /> ·{" "}
                    {key.lastUsedAt ? (
                      <>
                        {t("keys.lastUsed")} <LocalTime value={key.lastUsedAt} />
                      </>
                    ) : (
                      t("keys.neverUsed")
                    )}
                  </p>
                </div>
                {revoked ? null : <RevokeKey id={key.id} name={key.name} onRevoked={() => void refresh()} />}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
