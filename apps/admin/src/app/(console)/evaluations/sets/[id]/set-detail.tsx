"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { FileInput } from "@lore/ui/file-input";
import { PageHeader } from "@lore/ui/page-header";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useRef, useState } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { describeError } from "~/lib/trpc-errors";

import { ImportSummary } from "../../import-summary";
import { JSONL_ACCEPT, useExportSet, useImportCases, type ImportOutcome } from "../../jsonl";
import { RunButtons } from "../../run-form";
import { RunsTable } from "../../runs-table";
import { CasesTable } from "./cases-table";

/** One set: its cases, import and export, the run buttons, and its runs. */
export function SetDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const set = useQuery(trpc.admin.evaluations.sets.get.queryOptions({ id }));
  if (set.error) return <Alert variant="error">{describeError(set.error)}</Alert>;
  if (!set.data) return <LoadingBlock label="Loading the set…" />;
  const s = set.data;
  return (
    <>
      <PageHeader
        title={s.name}
        description={`${s.description ? `${s.description} · ` : ""}${s.cases} ${s.cases === 1 ? "case" : "cases"}, ${s.runs} ${s.runs === 1 ? "run" : "runs"}`}
        actions={<RunButtons setId={id} disabled={s.cases === 0} />}
        data-testid="eval-set-header"
      />
      <div className="flex flex-col gap-10">
        {params.get("imported") ? (
          <Alert variant="success" data-testid="eval-import-summary">
            {s.cases} {s.cases === 1 ? "case" : "cases"} imported.
          </Alert>
        ) : null}
        <ImportCard set={s} />
        <CasesTable setId={id} />
        <section aria-labelledby="eval-set-runs-heading" className="flex flex-col gap-4">
          <h2 id="eval-set-runs-heading" className="text-lg font-semibold text-fg">
            Runs of this set
          </h2>
          <RunsTable setId={id} />
        </section>
      </div>
    </>
  );
}

function ImportCard({ set }: { set: { id: string; name: string; cases: number } }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const importCases = useImportCases();
  const exportSet = useExportSet();
  const [busy, setBusy] = useState<"import" | "export" | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function run(kind: "import" | "export") {
    const file = fileRef.current?.files?.[0];
    if (kind === "import" && !file) {
      setProblem("Choose a .jsonl file first.");
      return;
    }
    setBusy(kind);
    setProblem(null);
    setOutcome(null);
    try {
      if (kind === "import" && file) setOutcome(await importCases(set.id, file));
      else await exportSet(set);
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Import and export</CardTitle>
        <CardDescription>
          JSON Lines, one case a line: {"{"}&quot;id&quot;, &quot;question&quot;, &quot;scenario&quot;, &quot;answers&quot;,
          &quot;source_ids&quot;, &quot;answerable&quot;{"}"} (source ids are documents&apos; external ids). All or nothing: a bad line
          imports nothing and is listed with its number.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end gap-3">
          <FileInput label="JSONL file" ref={fileRef} accept={JSONL_ACCEPT} data-testid="eval-import-file" />
          <Button onClick={() => void run("import")} loading={busy === "import"} disabled={busy !== null} data-testid="eval-import">
            Import
          </Button>
          <Button
            variant="secondary"
            onClick={() => void run("export")}
            loading={busy === "export"}
            disabled={busy !== null || set.cases === 0}
            data-testid="eval-export"
          >
            Export JSONL
          </Button>
        </div>
        {problem ? <Alert variant="error">{problem}</Alert> : null}
        {outcome ? <ImportSummary outcome={outcome} /> : null}
      </CardContent>
    </Card>
  );
}
