"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@lore/ui/card";
import { ConfirmDialog } from "@lore/ui/confirm-dialog";
import { LocalTime } from "@lore/ui/local-time";
import { PageHeader } from "@lore/ui/page-header";
import { Tabs } from "@lore/ui/tabs";
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { describeError } from "~/lib/trpc-errors";

import { STATUS_LABELS, formatSize } from "../format";
import { AccessEditor } from "./access-editor";
import { ChunksTab } from "./chunks-tab";
import { CitingAnswersTab } from "./citing-answers-tab";
import { VersionsTab } from "./versions-tab";

export function DocumentDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const doc = useSuspenseQuery(trpc.documents.get.queryOptions({ id })).data;
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ kind: "info" | "error"; text: string } | null>(null);

  const reindex = useMutation(
    trpc.documents.reindex.mutationOptions({
      onSuccess: () =>
        setMessage({ kind: "info", text: "Reindex queued: the document gets a new version once it is re-chunked and re-embedded." }),
      onError: (error) => setMessage({ kind: "error", text: describeError(error) }),
    }),
  );
  const remove = useMutation(
    trpc.documents.delete.mutationOptions({
      onSuccess: () => router.push("/documents"),
      onError: (error) => {
        setConfirming(false);
        setMessage({ kind: "error", text: describeError(error) });
      },
    }),
  );

  return (
    <div className="flex flex-col gap-6" data-testid="document-detail">
      <PageHeader
        className="mb-0"
        title={doc.title}
        description={`${doc.source} · ${doc.externalId}`}
        actions={
          <>
            <Button variant="secondary" loading={reindex.isPending} onClick={() => reindex.mutate({ id })} data-testid="document-reindex">
              Reindex
            </Button>
            <Button variant="danger" onClick={() => setConfirming(true)} data-testid="document-delete">
              Delete
            </Button>
          </>
        }
      />
      {message ? (
        <Alert variant={message.kind === "error" ? "error" : "info"} data-testid="document-message">
          {message.text}
        </Alert>
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2 text-sm">
              <dt className="text-muted">Status</dt>
              <dd>
                <Badge variant={doc.status === "ready" ? "success" : doc.status === "failed" ? "danger" : "neutral"}>
                  {STATUS_LABELS[doc.status]}
                </Badge>
                {doc.error ? <span className="ml-2 text-danger">{doc.error}</span> : null}
              </dd>
              <dt className="text-muted">Type</dt>
              <dd>{doc.mimeType}</dd>
              <dt className="text-muted">Current version</dt>
              <dd>{doc.currentVersion ? `${doc.currentVersion.version} (${formatSize(doc.currentVersion.byteSize)})` : "None yet"}</dd>
              <dt className="text-muted">Versions · chunks</dt>
              <dd>
                {doc.versionCount} · {doc.chunkCount}
              </dd>
              <dt className="text-muted">Language</dt>
              <dd>{doc.language ?? "—"}</dd>
              {doc.url ? (
                <>
                  <dt className="text-muted">Address</dt>
                  <dd className="break-all">{doc.url}</dd>
                </>
              ) : null}
              <dt className="text-muted">Created</dt>
              <dd>
                <LocalTime value={doc.createdAt} />
                {doc.createdBy ? ` by ${doc.createdBy.name || doc.createdBy.email}` : ""}
              </dd>
              <dt className="text-muted">Updated</dt>
              <dd>
                <LocalTime value={doc.updatedAt} />
              </dd>
            </dl>
          </CardContent>
        </Card>
        <AccessEditor id={id} groups={doc.groups.map((g) => g.name)} tags={doc.tags} />
      </div>
      <Tabs
        aria-label="Document content"
        data-testid="document-tabs"
        items={[
          { id: "versions", label: "Versions", content: <VersionsTab id={id} />, testId: "tab-versions" },
          {
            id: "chunks",
            label: "Chunks",
            content: doc.currentVersion ? (
              <ChunksTab versionId={doc.currentVersion.id} />
            ) : (
              <p className="text-sm text-muted">No indexed version yet.</p>
            ),
            testId: "tab-chunks",
          },
          { id: "citing", label: "Cited in answers", content: <CitingAnswersTab id={id} />, testId: "tab-citing" },
        ]}
      />
      <ConfirmDialog
        open={confirming}
        title="Delete this document?"
        message={`“${doc.title}” is removed with all its versions and chunks; Lore stops using it in answers at once. This is recorded in the audit log and cannot be undone.`}
        confirmLabel="Delete"
        variant="danger"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id })}
        onCancel={() => setConfirming(false)}
        data-testid="delete-dialog"
        confirmTestId="delete-confirm"
      />
    </div>
  );
}
