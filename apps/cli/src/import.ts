import path from "node:path";
import { existsSync } from "node:fs";
import type { PrismaClient } from "@lore/db";
import type { Embedder } from "@lore/core/embed";
import { ingestLimits } from "@lore/core/env";
import type { Progress } from "@lore/core/eval";
import { MAX_SOURCE_CHARS, MAX_TAG_CHARS, TaskSlots, labelProblem, parseInputs } from "@lore/core/ingest";
import { indexDocument, refreshVectorIndex, withSearchIndexesSuspended } from "@lore/core/knowledge-base";
import { CliError, errorLine } from "./errors";

export interface ImportOptions {
  groups?: string[];
  tags?: string[];
  source?: string;
  /** Drop the search indexes for the load and build them once after it (knowledge-base/search-indexes/maintenance.ts). */
  bulk?: boolean;
}

export interface ImportSummary {
  files: number;
  documents: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  chunks: number;
  seconds: number;
  /** Seconds spent building search indexes (included in `seconds`): with `bulk`, both; otherwise the vector index, when the import made it due. */
  indexBuildSeconds?: number;
  errors: { file: string; error: string }[];
}

/**
 * Parses the inputs and indexes every document in this process, a few at a time (ingest/concurrent.ts). A bad
 * file (or record) is listed in `errors` and the others go on; an unknown group name stops everything before
 * anything is written, because a typo must never import a restricted document as public.
 */
export async function runImport(
  db: PrismaClient,
  inputs: string[],
  options: ImportOptions,
  deps: {
    embedder: Embedder;
    progress?: Progress;
    /** Documents indexed at once (default INDEXING_CONCURRENCY). */
    concurrency?: number;
    log?: (message: string) => void;
  },
): Promise<ImportSummary> {
  const missing = inputs.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new CliError(`Not found: ${missing.join(", ")}`);
  const groups = options.groups?.length ? [...new Set(options.groups)] : undefined;
  if (groups) {
    const found = await db.group.findMany({ where: { name: { in: groups } }, select: { name: true } });
    const unknown = groups.filter((g) => !found.some((f) => f.name === g));
    if (unknown.length > 0) {
      throw new CliError(
        `Unknown group${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Create ${unknown.length > 1 ? "them" : "it"} first (admin › Groups); nothing was imported.`,
      );
    }
  }
  const tags = options.tags?.length ? [...new Set(options.tags.map((t) => t.trim()))] : undefined;
  const source = (options.source ?? "cli").trim();
  // The rules the admin console's forms apply (packages/api schemas).
  for (const tag of tags ?? []) {
    const problem = labelProblem(tag, MAX_TAG_CHARS);
    if (problem) throw new CliError(`--tag ${JSON.stringify(tag)} ${problem}; nothing was imported.`);
  }
  const sourceProblem = labelProblem(source, MAX_SOURCE_CHARS);
  if (sourceProblem) throw new CliError(`--source ${JSON.stringify(source)} ${sourceProblem}; nothing was imported.`);

  const summary: ImportSummary = {
    files: 0,
    documents: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    chunks: 0,
    seconds: 0,
    errors: [],
  };
  const started = performance.now();
  const load = () => loadInputs(db, inputs, { source, groups, tags }, deps, summary);
  if (options.bulk) {
    const { restored } = await withSearchIndexesSuspended(db, load, deps.log);
    summary.indexBuildSeconds = Math.round((restored.vectorSeconds + restored.termSeconds) * 10) / 10;
  } else {
    await load();
    // As after an import job: the vector index sized for the rows there now (built once there are enough).
    if (summary.chunks > 0) {
      const log = deps.log ?? (() => {});
      const refreshed = await refreshVectorIndex(db, deps.embedder.dimensions, { added: summary.chunks, log }).catch((error: unknown) => {
        log(`could not size the vector index (the worker's maintenance will): ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (refreshed && refreshed.seconds > 0) summary.indexBuildSeconds = Math.round(refreshed.seconds * 10) / 10;
    }
  }
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}

async function loadInputs(
  db: PrismaClient,
  inputs: string[],
  { source, groups, tags }: { source: string; groups: string[] | undefined; tags: string[] | undefined },
  deps: { embedder: Embedder; progress?: Progress; concurrency?: number },
  summary: ImportSummary,
): Promise<void> {
  deps.progress?.start("import", 0);
  const slots = new TaskSlots(deps.concurrency);
  try {
    // The limits the worker applies to uploads (LORE_MAX_FILE_MB, LORE_ZIP_MAX_*): a file above them is listed, the others go on.
    for await (const file of parseInputs(
      inputs.map((p) => path.resolve(p)),
      ingestLimits(),
    )) {
      summary.files++;
      for (const e of file.errors) {
        summary.failed++;
        summary.errors.push({ file: file.file, error: e.message });
      }
      for (const doc of file.documents) {
        await slots.free();
        const index = async () => {
          const result = await indexDocument(
            db,
            { source, doc, ...(groups ? { groups } : {}), ...(tags ? { tags } : {}) },
            { embedder: deps.embedder },
          );
          summary.documents++;
          summary[result.status]++;
          summary.chunks += result.chunks;
        };
        void slots
          .run(doc.externalId, index)
          .catch((error: unknown) => {
            summary.failed++;
            summary.errors.push({
              file: file.documents.length > 1 ? `${file.file} (${doc.externalId})` : file.file,
              error: errorLine(error),
            });
          })
          .finally(() => deps.progress?.tick());
      }
    }
  } finally {
    await slots.idle();
    deps.progress?.stop();
  }
}

export function formatImportSummary(s: ImportSummary): string {
  const lines = s.errors.map((e) => `  ✗ ${e.file}: ${e.error}`);
  lines.push(
    `Imported ${s.documents} document${s.documents === 1 ? "" : "s"} from ${s.files} file${s.files === 1 ? "" : "s"}: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed} failed; ${s.chunks} chunks; ${s.seconds} s${s.indexBuildSeconds === undefined ? "" : ` (search indexes rebuilt in ${s.indexBuildSeconds} s)`}.`,
  );
  return lines.join("\n");
}
