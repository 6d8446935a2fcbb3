"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Checkbox } from "@lore/ui/checkbox";
import { DropZone, type PickedFile } from "@lore/ui/drop-zone";
import { Label } from "@lore/ui/label";
import { ProgressBar } from "@lore/ui/progress-bar";
import { TagInput } from "@lore/ui/tag-input";
import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";

import { formatSize } from "../format";
import { batchFiles, bytesSentPerFile } from "./batches";
import { JobFiles } from "./job-files";
import { sendBatch } from "./send-batch";

type Batch = {
  key: number;
  files: PickedFile[];
  state: "waiting" | "sending" | "sent" | "refused";
  loaded: number;
  total: number;
  jobId?: string;
  error?: string;
};

/** Files a browser or the OS adds to folders that are not content. */
const IGNORED = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/i;

/**
 * Choose files, a folder or a .zip, who may read them and their tags, then upload: batches within the route's
 * limits, sent one after the other, each showing bytes sent and then, once the server has it, every file's
 * stage. The import runs on the server: leaving the page stops only a batch still being sent (hence the warning).
 */
export function UploadPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useSuspenseQuery(trpc.admin.groups.list.queryOptions());
  const tagsId = useId();
  const [picked, setPicked] = useState<PickedFile[]>([]);
  const [chosenGroups, setChosenGroups] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [batches, setBatches] = useState<Batch[]>([]);
  const sending = batches.some((b) => b.state === "sending" || b.state === "waiting");

  // Only while bytes are on their way: once a batch is stored, its import goes on without this page.
  useEffect(() => {
    if (!sending) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [sending]);

  const update = (key: number, change: Partial<Batch>) => setBatches((all) => all.map((b) => (b.key === key ? { ...b, ...change } : b)));

  async function upload() {
    const files = picked.filter((p) => !IGNORED.test(p.path));
    const planned = batchFiles(files.map((p) => ({ ...p, size: p.file.size }))).map((list, i): Batch => ({
      key: Date.now() + i,
      files: list,
      state: "waiting",
      loaded: 0,
      total: 0,
    }));
    setBatches((all) => [...planned, ...all]);
    setPicked([]);
    for (const batch of planned) {
      update(batch.key, { state: "sending" });
      const request = sendBatch(batch.files, { groups: chosenGroups, tags }, (loaded, total) => update(batch.key, { loaded, total }));
      try {
        const { jobId } = await request.done;
        update(batch.key, { state: "sent", jobId });
      } catch (error) {
        update(batch.key, { state: "refused", error: error instanceof Error ? error.message : String(error) });
      }
    }
    await queryClient.invalidateQueries({ queryKey: trpc.documents.jobs.active.queryKey() });
  }

  const totalBytes = picked.reduce((sum, p) => sum + p.file.size, 0);
  return (
    <section aria-labelledby="upload-heading" className="flex flex-col gap-4">
      <h2 id="upload-heading" className="sr-only">
        New upload
      </h2>
      <DropZone
        onFiles={(files) => setPicked((all) => [...all, ...files])}
        hint="A .zip export is expanded on the server. Up to 25 MB per file; large selections are sent in several batches."
        data-testid="drop-zone"
      />
      <div className="grid gap-6 md:grid-cols-2">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-fg">Who may read them</legend>
          {groups.data.length === 0 ? (
            <p className="text-sm text-muted">No groups yet: the documents will be readable by everyone.</p>
          ) : (
            <>
              <p className="text-sm text-muted">None ticked: everyone.</p>
              {groups.data.map((g) => (
                <Checkbox
                  key={g.id}
                  label={g.name}
                  checked={chosenGroups.includes(g.name)}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    setChosenGroups((all) => (on ? [...all, g.name] : all.filter((n) => n !== g.name)));
                  }}
                  data-testid={`upload-group-${g.name}`}
                />
              ))}
            </>
          )}
        </fieldset>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={tagsId}>Tags</Label>
          <TagInput
            id={tagsId}
            value={tags}
            onChange={setTags}
            listLabel="Tags of the upload"
            placeholder="Type a tag, then Enter"
            data-testid="upload-tags"
          />
        </div>
      </div>
      {picked.length > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-border bg-surface px-4 py-3">
          <p className="text-sm text-fg" data-testid="upload-selection">
            {picked.length} file{picked.length === 1 ? "" : "s"} chosen ({formatSize(totalBytes)})
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setPicked([])}>
              Clear
            </Button>
            <Button onClick={() => void upload()} data-testid="upload-start">
              Upload
            </Button>
          </div>
        </div>
      ) : null}
      {batches.map((batch, i) => (
        <BatchView key={batch.key} batch={batch} number={batches.length - i} />
      ))}
    </section>
  );
}

function BatchView({ batch, number }: { batch: Batch; number: number }) {
  const caption = `Upload ${number}: ${batch.files.length} file${batch.files.length === 1 ? "" : "s"}`;
  if (batch.state === "sent" && batch.jobId) return <JobFiles jobId={batch.jobId} caption={caption} />;
  if (batch.state === "refused")
    return (
      <Alert variant="error" title={`${caption} was not uploaded`} data-testid="upload-refused">
        {batch.error}
      </Alert>
    );
  const sent = bytesSentPerFile(
    batch.files.map((f) => f.file.size),
    batch.loaded,
    batch.total,
  );
  return (
    <div className="flex flex-col gap-2" data-testid="upload-sending">
      <p role="status" className="text-sm text-muted">
        {batch.state === "waiting" ? `${caption}: waiting for the previous upload.` : `${caption}: sending…`}
      </p>
      <ProgressBar
        value={batch.total > 0 ? batch.loaded : null}
        max={batch.total || 1}
        label={`${caption}: bytes sent`}
        valueText={`${formatSize(batch.loaded)} of ${formatSize(batch.total)}`}
      />
      <ul className="grid gap-1 text-sm sm:grid-cols-2">
        {batch.files.slice(0, 40).map((f, i) => (
          <li key={f.path} className="flex items-center justify-between gap-2">
            <span className="truncate text-fg">{f.path}</span>
            <span className="whitespace-nowrap text-muted">
              {formatSize(sent[i] ?? 0)} / {formatSize(f.file.size)}
            </span>
          </li>
        ))}
      </ul>
      {batch.files.length > 40 ? <p className="text-sm text-muted">and {batch.files.length - 40} more</p> : null}
    </div>
  );
}
