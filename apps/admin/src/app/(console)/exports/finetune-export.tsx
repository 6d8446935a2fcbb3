"use client";

import { finetuneOptionsInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button, buttonClassName } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { Checkbox } from "@lore/ui/checkbox";
import { Field } from "@lore/ui/field";
import { Spinner } from "@lore/ui/spinner";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@lore/ui/table";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";

import { DEFAULT_FINETUNE_OPTIONS } from "./constants";

type Options = typeof DEFAULT_FINETUNE_OPTIONS;
const FILES = ["train", "validation"] as const;
const number = new Intl.NumberFormat("en");

function downloadHref(file: (typeof FILES)[number], options: Options): string {
  const params = new URLSearchParams({ file, seed: options.seed, ratio: String(options.validationRatio) });
  if (options.withSources) params.set("sources", "1");
  return `/api/exports/finetune?${params.toString()}`;
}

/** The fine-tuning export: options, what each file would hold, and the two downloads. */
export function FinetuneExport() {
  const trpc = useTRPC();
  // The options the preview and the downloads use: the form's values once applied.
  const [applied, setApplied] = useState<Options>(DEFAULT_FINETUNE_OPTIONS);
  const [seed, setSeed] = useState(applied.seed);
  const [share, setShare] = useState(String(applied.validationRatio * 100));
  const [withSources, setWithSources] = useState(applied.withSources);
  const [errors, setErrors] = useState<{ seed?: string; share?: string }>({});
  const [updating, startUpdate] = useTransition();
  const preview = useSuspenseQuery(trpc.admin.exports.finetunePreview.queryOptions(applied)).data;
  const stale = seed.trim() !== applied.seed || Number(share) / 100 !== applied.validationRatio || withSources !== applied.withSources;

  function submit(event: FormEvent) {
    event.preventDefault();
    const ratio = share.trim() === "" ? Number.NaN : Number(share) / 100;
    const parsed = finetuneOptionsInput.safeParse({ seed, validationRatio: ratio, withSources });
    if (!parsed.success) {
      const found: { seed?: string; share?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === "seed") found.seed ??= issue.message;
        if (issue.path[0] === "validationRatio") found.share ??= "Enter a share from 0 to 90 percent.";
      }
      setErrors(found);
      return;
    }
    setErrors({});
    // A transition: the current figures stay on screen while the new ones are counted.
    startUpdate(() => setApplied(parsed.data));
  }

  const total = preview.train.records + preview.validation.records;
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Fine-tuning data set</CardTitle>
          <CardDescription>
            Enabled examples and answers employees rated thumbs-up (and nobody thumbs-down), as JSONL in the OpenAI chat fine-tuning format.
            Each record carries the active system prompt
            {preview.promptVersion ? ` (version ${preview.promptVersion})` : " (none is active: records have no system message)"}. The seed
            decides the train/validation split: the same seed always gives the same files.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          <form noValidate onSubmit={submit} className="flex flex-wrap items-start gap-4" data-testid="finetune-options">
            <Field
              label="Seed"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              error={errors.seed}
              hint="Any word."
              containerClassName="w-48"
              autoComplete="off"
              spellCheck={false}
              data-testid="finetune-seed"
            />
            <Field
              label="Validation share (%)"
              type="number"
              inputMode="decimal"
              min={0}
              max={90}
              step={1}
              value={share}
              onChange={(e) => setShare(e.target.value)}
              error={errors.share}
              hint="0 to 90."
              containerClassName="w-44"
              data-testid="finetune-share"
            />
            <div className="pt-7">
              <Checkbox
                label="With sources"
                description="Put the passages each answer was given from in its question, numbered as the answer cites them."
                checked={withSources}
                onChange={(e) => setWithSources(e.target.checked)}
                data-testid="finetune-sources"
              />
            </div>
            <div className="pt-7">
              <Button type="submit" variant="secondary" loading={updating} data-testid="finetune-preview">
                Update preview
              </Button>
            </div>
          </form>

          {withSources || applied.withSources ? (
            <Alert variant="warning" title="Restricted passages leave Lore">
              With sources, answers carry the passages they were given from, including documents restricted to groups (the employee who
              asked could read them). The file is for whoever you hand it to: check where it goes. Every download is in the audit log.
            </Alert>
          ) : null}

          <div className="flex items-center gap-3">
            <p role="status" className="text-sm text-muted" data-testid="finetune-summary">
              {updating ? "Counting…" : `${number.format(total)} ${total === 1 ? "record" : "records"} in all.`}
            </p>
            {updating ? <Spinner size="sm" label="Counting" /> : null}
          </div>
          <Table data-testid="finetune-table" aria-busy={updating || undefined}>
            <TableCaption>What each file holds with seed “{applied.seed}”</TableCaption>
            <TableHead>
              <TableRow>
                <TableHeaderCell>File</TableHeaderCell>
                <TableHeaderCell className="text-right">Records</TableHeaderCell>
                <TableHeaderCell className="text-right">Examples</TableHeaderCell>
                <TableHeaderCell className="text-right">Answers</TableHeaderCell>
                <TableHeaderCell className="text-right">Tokens</TableHeaderCell>
                {applied.withSources ? <TableHeaderCell className="text-right">With restricted passages</TableHeaderCell> : null}
                <TableHeaderCell>
                  <span className="sr-only">Download</span>
                </TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {FILES.map((file) => {
                const summary = preview[file];
                return (
                  <TableRow key={file} data-testid={`finetune-${file}`}>
                    <TableCell className="font-mono">{file}.jsonl</TableCell>
                    <TableCell className="text-right tabular-nums" data-testid={`finetune-${file}-records`}>
                      {number.format(summary.records)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{number.format(summary.examples)}</TableCell>
                    <TableCell className="text-right tabular-nums">{number.format(summary.answers)}</TableCell>
                    <TableCell className="text-right tabular-nums" data-testid={`finetune-${file}-tokens`}>
                      {number.format(summary.tokens)}
                    </TableCell>
                    {applied.withSources ? (
                      <TableCell className="text-right tabular-nums">{number.format(summary.restricted)}</TableCell>
                    ) : null}
                    <TableCell>
                      {summary.records > 0 && !stale ? (
                        <a
                          href={downloadHref(file, applied)}
                          download
                          className={buttonClassName({ variant: "secondary", size: "sm" })}
                          data-testid={`finetune-download-${file}`}
                        >
                          Download {file}.jsonl
                        </a>
                      ) : (
                        <span className="text-xs text-muted">{stale ? "Update the preview first" : "Nothing to download"}</span>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <p className="text-xs text-muted">
            Tokens are counted with the o200k_base tokenizer, plus a few per message for the chat format: a close estimate of what a
            fine-tuning job bills.
          </p>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Audit log</CardTitle>
          <CardDescription>The whole log as CSV, or filter it on the audit page first and download what the filters keep.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-3">
          <a href="/api/exports/audit" download className={buttonClassName({ variant: "secondary" })} data-testid="exports-audit-csv">
            Download the audit log (CSV)
          </a>
          <Link href="/audit" className={buttonClassName({ variant: "ghost" })}>
            Filter the audit log
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
