/**
 * `lore eval retrieval`: document-level recall@1/5/10 and MRR of each retriever on a labelled corpus.
 *
 * The corpus is imported into a FRESH throw-away embedded database (never the user's data), with the same
 * ingestion code and embedder as production. Every answerable question is then asked anonymously through
 * `search` in each mode, and through a BM25 reference (wink-bm25-text-search) over the same chunks.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { PrismaClient } from "@lore/db";
import { startTemporaryDatabase } from "@lore/db/temporary";
import type { Embedder } from "../embed/types";
import { contextHeader } from "../ingest/chunk";
import { parseInputs } from "../ingest/parse-file";
import { indexDocument } from "../knowledge-base/publish/publish";
import { searchFusion } from "../retrieve/fusion-settings";
import type { FusionMethod } from "../retrieve/fusion";
import { search, type SearchMode } from "../retrieve";
import { buildBm25Index } from "./bm25";
import { aggregateRanks, distinctDocuments, firstHitRank, roundMetrics, type RetrievalMetrics } from "./metrics";

export type Retriever = SearchMode | "bm25";
export const RETRIEVERS: readonly Retriever[] = ["vector", "fulltext", "hybrid", "bm25"];

export interface RetrievalEvalRow extends RetrievalMetrics {
  retriever: Retriever;
  /** How the hybrid row's candidates were fused (hybrid row only). */
  fusion?: FusionMethod;
  vector_weight?: number;
  /** The corpus as given on the command line. */
  corpus: string;
  /** Documents ranked per question (the depth of recall/MRR). */
  k: number;
}

export interface Progress {
  start(label: string, total: number): void;
  tick(n?: number): void;
  stop(): void;
}

const QuestionSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string(),
  scenario: z.string().optional(),
  source_ids: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  answerable: z.boolean().default(true),
});
export type EvalQuestion = z.infer<typeof QuestionSchema>;

export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== "")
    .map(({ line, i }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1} is not valid JSON.`);
      }
      const parsed = QuestionSchema.safeParse(value);
      if (!parsed.success)
        throw new Error(`${file}:${i + 1} is not a question record (${parsed.error.issues[0]?.message ?? "bad shape"}).`);
      return parsed.data;
    });
}

/**
 * What to import for `--corpus`: a corpus.jsonl file, a folder of pages, or a dataset folder holding
 * `corpus.jsonl` or `pages/` (so `--corpus ../shared/datasets/xquad/en` works too).
 */
export function resolveCorpus(corpus: string): { input: string; kind: "jsonl" | "folder" } {
  if (!existsSync(corpus)) throw new Error(`Corpus not found: ${corpus}`);
  if (statSync(corpus).isFile()) return { input: corpus, kind: "jsonl" };
  if (existsSync(path.join(corpus, "corpus.jsonl"))) return { input: path.join(corpus, "corpus.jsonl"), kind: "jsonl" };
  if (existsSync(path.join(corpus, "pages")) && statSync(path.join(corpus, "pages")).isDirectory())
    return { input: path.join(corpus, "pages"), kind: "folder" };
  return { input: corpus, kind: "folder" };
}

/** The dataset's document id of an imported document: the record id, or the page's file name without extension. */
export function datasetId(externalId: string, kind: "jsonl" | "folder"): string {
  return kind === "jsonl" ? externalId : externalId.split("/").pop()!;
}

/** The text a question is asked with: a scenario (ConditionalQA's situation), when the record has one, then the question. */
export function questionText(q: EvalQuestion, withScenario: boolean): string {
  return withScenario && q.scenario ? `${q.scenario}\n${q.question}` : q.question;
}

export interface RetrievalEvalOptions {
  corpus: string;
  questions: string;
  /** Distinct documents ranked per question (default 10). */
  k?: number;
  /** Chunks requested from each retriever to get ≥ k distinct documents (default max(50, 5·k)). */
  chunkDepth?: number;
  /** Prefix each question with its scenario when the record has one (default true). */
  withScenario?: boolean;
  /** Hybrid fusion to evaluate (default: the configured one, LORE_SEARCH_FUSION / LORE_SEARCH_VECTOR_WEIGHT). */
  fusion?: FusionMethod;
  vectorWeight?: number;
  embedder: Embedder;
  progress?: Progress;
  log?: (line: string) => void;
  /** Stops the run at its next step (throwing the signal's reason); its temporary database is deleted. */
  signal?: AbortSignal;
}

export interface RetrievalEvalResult {
  rows: RetrievalEvalRow[];
  documents: number;
  chunks: number;
  importFailures: string[];
  importSeconds: number;
  evalSeconds: number;
}

export async function importCorpus(db: PrismaClient, input: string, embedder: Embedder, progress?: Progress, signal?: AbortSignal) {
  const failures: string[] = [];
  let documents = 0;
  progress?.start("import", 0);
  for await (const file of parseInputs([input])) {
    for (const e of file.errors) failures.push(e.message);
    for (const doc of file.documents) {
      signal?.throwIfAborted();
      try {
        await indexDocument(db, { source: "eval", doc }, { embedder });
        documents++;
      } catch (error) {
        failures.push(
          `${file.file}${file.documents.length > 1 ? ` (${doc.externalId})` : ""}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      progress?.tick();
    }
  }
  progress?.stop();
  return { documents, failures };
}

export async function runRetrievalEval(options: RetrievalEvalOptions): Promise<RetrievalEvalResult> {
  const k = options.k ?? 10;
  const depth = options.chunkDepth ?? Math.max(50, 5 * k);
  const { embedder, progress } = options;
  const log = options.log ?? (() => {});
  const { input, kind } = resolveCorpus(options.corpus);
  const questions = (await readQuestions(options.questions)).filter((q) => q.answerable && q.source_ids.length > 0);
  if (questions.length === 0) throw new Error(`${options.questions} has no answerable questions with source_ids.`);

  const chosen = searchFusion(embedder.id, options.fusion);
  const fusion = { method: chosen.method, vectorWeight: options.vectorWeight ?? chosen.vectorWeight };

  const db = await startTemporaryDatabase();
  try {
    const t0 = performance.now();
    const imported = await importCorpus(db.prisma, input, embedder, progress, options.signal);
    const importSeconds = (performance.now() - t0) / 1000;
    log(
      `imported ${imported.documents} documents in ${importSeconds.toFixed(1)} s${imported.failures.length ? `, ${imported.failures.length} failed` : ""}`,
    );

    const docRows = await db.prisma.$queryRaw<{ id: string; external_id: string }[]>`SELECT id, external_id FROM documents`;
    const idOf = new Map(docRows.map((d) => [d.id, datasetId(d.external_id, kind)]));
    const chunkRows = await db.prisma.$queryRaw<{ id: string; document_id: string; title: string; heading_path: string[]; text: string }[]>`
      SELECT c.id, c.document_id, d.title, c.heading_path, c.text
      FROM chunks c JOIN documents d ON d.id = c.document_id AND d.current_version_id = c.document_version_id
      WHERE c.embedding_model = ${embedder.id}`;
    const chunkDoc = new Map(chunkRows.map((c) => [c.id, c.document_id]));
    const bm25 = buildBm25Index(
      chunkRows.map((c) => ({ id: c.id, documentId: c.document_id, text: `${contextHeader(c.title, c.heading_path)}\n\n${c.text}` })),
    );

    const ranks = new Map<Retriever, (number | null)[]>(RETRIEVERS.map((r) => [r, []]));
    const t1 = performance.now();
    progress?.start("questions", questions.length);
    for (const q of questions) {
      options.signal?.throwIfAborted();
      const text = questionText(q, options.withScenario ?? true);
      for (const retriever of RETRIEVERS) {
        let chunkDocs: string[];
        if (retriever === "bm25") {
          chunkDocs = bm25.search(text, depth).map((id) => chunkDoc.get(id)!);
        } else {
          const results = await search(
            db.prisma,
            { query: text, userId: null, k: depth, mode: retriever, fusion: fusion.method, vectorWeight: fusion.vectorWeight },
            { embedder },
          );
          chunkDocs = results.map((r) => r.documentId);
        }
        const ranked = distinctDocuments(chunkDocs.map((d) => idOf.get(d) ?? d)).slice(0, k);
        ranks.get(retriever)!.push(firstHitRank(ranked, q.source_ids));
      }
      progress?.tick();
    }
    progress?.stop();
    const evalSeconds = (performance.now() - t1) / 1000;

    const rows = RETRIEVERS.map((retriever) => ({
      retriever,
      ...(retriever === "hybrid" ? { fusion: fusion.method, vector_weight: fusion.vectorWeight } : {}),
      ...roundMetrics(aggregateRanks(ranks.get(retriever)!, k)),
      corpus: options.corpus,
      k,
    }));
    return { rows, documents: imported.documents, chunks: chunkRows.length, importFailures: imported.failures, importSeconds, evalSeconds };
  } finally {
    await db.stop();
  }
}
