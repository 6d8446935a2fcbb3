#!/usr/bin/env tsx
/**
 * `pnpm lore …`: the command-line tools of the knowledge base.
 *
 *   lore import <path…> [--group NAME]… [--tag TAG]… [--source NAME] [--bulk]
 *   lore ask "<question>" [--as EMAIL] [--json]
 *   lore search "<query>" [--as EMAIL] [--k N] [--mode hybrid|vector|fulltext] [--source S…] [--tag T…] [--since DATE] [--until DATE] [--json]
 *   lore reembed [--status] [--json]
 *   lore eval retrieval --corpus <folder|corpus.jsonl> --questions <questions.jsonl> [--k 10]
 *                       [--fusion relative_score|rrf] [--vector-weight W] [--json]
 *   lore eval answers --corpus <folder|corpus.jsonl> --questions <questions.jsonl> [--examples <examples.jsonl>]
 *                     [--config prompt-only|few-shot|rag|rag+few-shot|rag-vector|hybrid|hybrid+few-shot] [--min-score S…]
 *                     [--refusal-threshold T] [--limit N] [--json]
 *   lore eval ladder --corpus <folder|corpus.jsonl> --questions <questions.jsonl> [--examples <examples.jsonl>]
 *                    [--examples-from-questions N|fraction] [--limit N] [--no-scenario] [--json]
 *   lore bench retrieval [--chunks N] [--json]
 *   lore bench answers [--chunks N] [--questions N] [--json]
 *
 * stdout carries results (JSON with --json, one object per line); progress bars, summaries and errors go to
 * stderr. Any failure is one line on stderr and exit code 1, never a stack trace.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import type { PrismaClient } from "@lore/db";
import type { Embedder } from "@lore/core/embed";
import type { AnswerEvalConfig } from "@lore/core/eval";
import { CliError, errorLine, interruptible } from "./errors";
import { createProgress } from "./progress";

// Heavy modules (Prisma, parsers, LangChain) are imported by the commands that need them, so `--help` and
// argument errors answer at once.
async function getDefaultEmbedder(): Promise<Embedder> {
  return (await import("@lore/core/embed")).getDefaultEmbedder();
}

/** The active embedding model's embedder: what the database's vectors were made with. */
async function getActiveEmbedder(db: PrismaClient): Promise<Embedder> {
  return (await import("@lore/core/knowledge-base")).getActiveEmbedder(db);
}

const collect = (value: string, previous: string[]) => [...previous, value];

function weight(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 1)) throw new InvalidArgumentError("expected a number between 0 and 1, e.g. 0.35.");
  return n;
}

/** Comma-separated numbers between 0 and 1 (a threshold sweep): "0.3" or "0.2,0.25,0.3". */
function weights(value: string): number[] {
  return value.split(",").map((part) => weight(part.trim()));
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive whole number.");
  return n;
}

/** `--examples-from-questions`: a count (a whole number ≥ 1) or a share of the questions (a fraction in (0, 1)). */
function exampleShare(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n > 0) || (n >= 1 && !Number.isInteger(n)))
    throw new InvalidArgumentError("expected a whole number of questions (e.g. 50) or a share between 0 and 1 (e.g. 0.2).");
  return n;
}

/** A result count: a positive whole number up to 200 (the evaluation ranks 5 × k chunks, search's limit is 1,000). */
function resultCount(value: string): number {
  const n = positiveInt(value);
  if (n > 200) throw new InvalidArgumentError("expected at most 200.");
  return n;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Runs `fn` with a client on the user's database and always disconnects: DATABASE_URL, or else the embedded
 * database `npm start` uses (the running one, or one started for this command: database.ts).
 */
async function withUserDatabase<T>(fn: (db: PrismaClient, url: string) => Promise<T>): Promise<T> {
  const { withUserDatabase: withDatabaseUrl } = await import("./database");
  const { createPrismaClient } = await import("@lore/db");
  return withDatabaseUrl(async (url) => {
    const db = createPrismaClient(url, { maxConnections: 2 });
    try {
      return await fn(db, url);
    } finally {
      await db.$disconnect().catch(() => {});
    }
  }, err);
}

/** `lore search`'s options as commander parses them. */
interface SearchCliOptions {
  as?: string;
  k: number;
  mode: "hybrid" | "vector" | "fulltext";
  source: string[];
  tag: string[];
  since?: string;
  until?: string;
  json?: boolean;
}

/** `lore eval answers`'s options as commander parses them. */
interface AnswerEvalCliOptions {
  corpus: string;
  questions: string;
  examples?: string;
  config: AnswerEvalConfig;
  minScore?: number[];
  refusalThreshold?: number;
  scenario: boolean;
  limit?: number;
  json?: boolean;
}

export function buildProgram(): Command {
  const program = new Command("lore")
    .description("Lore's knowledge-base tools: import documents, search them, evaluate and benchmark retrieval and answers.")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("import")
    .description("Parse files, folders, .zip wiki exports or JSONL and index every document (into DATABASE_URL, or the embedded database).")
    .argument("<path...>", "files, folders, .zip archives or .jsonl files")
    .option("--group <name>", "only members of this group may read the documents (repeatable)", collect, [])
    .option("--tag <tag>", "tag the documents (repeatable)", collect, [])
    .option("--source <name>", "the source the documents belong to", "cli")
    .option(
      "--bulk",
      "for a large first import: drop the search indexes for the load and build them once after it (searches meanwhile are slower)",
    )
    .option("--json", "print the summary as one JSON object on stdout")
    .action(async (paths: string[], opts: { group: string[]; tag: string[]; source: string; bulk?: boolean; json?: boolean }) => {
      const { runImport, formatImportSummary } = await import("./import");
      const summary = await withUserDatabase(async (db) =>
        runImport(
          db,
          paths,
          { groups: opts.group, tags: opts.tag, source: opts.source, bulk: opts.bulk === true },
          { embedder: await getActiveEmbedder(db), progress: createProgress(), log: err },
        ),
      );
      err(formatImportSummary(summary));
      if (opts.json) out(JSON.stringify(summary));
      if (summary.documents === 0 && summary.failed > 0) process.exitCode = 1;
    });

  program
    .command("search")
    .description("Search the knowledge base as a user (or anonymously: public documents only).")
    .argument("<query>", "what to look for")
    .option("--as <email>", "search as this user (their groups decide what they may read)")
    .option("--k <n>", "results to return (at most 200)", resultCount, 8)
    .addOption(new Option("--mode <mode>", "retriever").choices(["hybrid", "vector", "fulltext"]).default("hybrid"))
    .option("--source <name>", "only documents from this source (repeatable)", collect, [])
    .option("--tag <tag>", "only documents with this tag (repeatable: any of them)", collect, [])
    .option("--since <date>", "only documents changed on or after this day (YYYY-MM-DD, UTC) or instant (ISO)")
    .option("--until <date>", "only documents changed on or before this day (YYYY-MM-DD, UTC) or instant (ISO)")
    .option("--json", "print the results as one JSON object on stdout")
    .action(async (query: string, opts: SearchCliOptions) => {
      const { runSearch, formatResults } = await import("./search");
      const started = performance.now();
      const options = {
        as: opts.as,
        k: opts.k,
        mode: opts.mode,
        sources: opts.source,
        tags: opts.tag,
        since: opts.since,
        until: opts.until,
      };
      const answer = await withUserDatabase(async (db) => runSearch(db, query, options, { embedder: await getActiveEmbedder(db) }));
      const ms = Math.round(performance.now() - started);
      if (opts.json) out(JSON.stringify(answer));
      else out(formatResults(answer.results));
      err(
        `${answer.results.length} result${answer.results.length === 1 ? "" : "s"} (${opts.mode}, as ${answer.as ?? "anonymous"}) in ${ms} ms.`,
      );
    });

  program
    .command("ask")
    .description(
      "Ask a question as a user (their groups decide what may be read) or anonymously (public documents only); the answer streams, then its sources.",
    )
    .argument("<question>", "the question")
    .option("--as <email>", "ask as this user (the conversation is stored as theirs)")
    .option("--json", "print the answer, its sources and citations as one JSON object on stdout (nothing streamed)")
    .action(async (question: string, opts: { as?: string; json?: boolean }) => {
      const { runAsk, formatAskFooter } = await import("./ask");
      const { chatModelFromEnv } = await import("@lore/core/llm");
      const result = await withUserDatabase(async (db) =>
        runAsk(
          db,
          question,
          { as: opts.as },
          {
            embedder: await getActiveEmbedder(db),
            model: chatModelFromEnv(),
            write: opts.json ? () => {} : (text) => process.stdout.write(text),
          },
        ),
      );
      if (opts.json) out(JSON.stringify(result));
      else out(formatAskFooter(result));
    });

  program
    .command("reembed")
    .description(
      "Re-embed every document with the configured model (EMBEDDING_*) when it differs from the active one; the worker runs the job.",
    )
    .option("--status", "only show the active and configured models and the job's progress")
    .option("--json", "print the outcome as one JSON object on stdout")
    .action(async (opts: { status?: boolean; json?: boolean }) => {
      const { runReembedCommand } = await import("./reembed");
      const outcome = await withUserDatabase((db, url) => runReembedCommand(db, { statusOnly: opts.status ?? false, databaseUrl: url }));
      if (opts.json) out(JSON.stringify(outcome.json));
      err(outcome.summary);
    });

  const evalCmd = program.command("eval").description("Evaluations (JSON lines on stdout, summary on stderr).");
  evalCmd
    .command("retrieval")
    .description("Document-level recall@1/5/10 and MRR of each retriever, on a fresh temporary database.")
    .requiredOption("--corpus <path>", "a folder of pages, a corpus.jsonl, or a dataset folder holding either")
    .requiredOption("--questions <file>", "questions.jsonl ({id, question, source_ids, answerable})")
    .option("--k <n>", "distinct documents ranked per question (at most 200)", resultCount, 10)
    .option("--no-scenario", "ask the question alone even when the record has a scenario")
    .addOption(
      new Option("--fusion <method>", "how hybrid fuses the retrievers (default: LORE_SEARCH_FUSION, relative_score)").choices([
        "relative_score",
        "rrf",
      ]),
    )
    .option(
      "--vector-weight <w>",
      "the vector retriever's weight in hybrid, 0-1 (default: LORE_SEARCH_VECTOR_WEIGHT; else 0.35 for relative_score with the hashing embedder, 0.5 otherwise)",
      weight,
    )
    .option("--json", "JSON lines only on stdout (the default output is JSON lines too, plus a table on stderr)")
    .action(
      async (opts: {
        corpus: string;
        questions: string;
        k: number;
        scenario: boolean;
        fusion?: "relative_score" | "rrf";
        vectorWeight?: number;
        json?: boolean;
      }) => {
        const { runRetrievalEval, formatEvalTable } = await import("@lore/core/eval");
        const embedder = await getDefaultEmbedder();
        const result = await interruptible(
          (signal) =>
            runRetrievalEval({
              signal,
              corpus: opts.corpus,
              questions: opts.questions,
              k: opts.k,
              withScenario: opts.scenario,
              ...(opts.fusion ? { fusion: opts.fusion } : {}),
              ...(opts.vectorWeight !== undefined ? { vectorWeight: opts.vectorWeight } : {}),
              embedder,
              progress: createProgress(),
              log: err,
            }),
          err,
        );
        for (const row of result.rows) out(JSON.stringify({ ...row, documents: result.documents, chunks: result.chunks }));
        for (const f of result.importFailures) err(`  ✗ ${f}`);
        err(formatEvalTable(result));
      },
    );

  evalCmd
    .command("answers")
    .description(
      "Answer quality (reference overlap, citations, refusals) and the pipeline's own time, on a fresh temporary database, with the configured model (LLM_*) or the extractive default.",
    )
    .requiredOption("--corpus <path>", "a folder of pages, a corpus.jsonl, or a dataset folder holding either")
    .requiredOption("--questions <file>", "questions.jsonl ({id, question, answers, source_ids, answerable})")
    .option("--examples <file>", "few-shot examples to store first (JSONL: {question, answer, source_ids?})")
    .addOption(
      new Option("--config <config>", "what the answers are made from: a rung of the ladder (rag = hybrid, rag+few-shot = hybrid+few-shot)")
        .choices(["prompt-only", "few-shot", "rag", "rag+few-shot", "rag-vector", "hybrid", "hybrid+few-shot"])
        .default("rag"),
    )
    .option(
      "--min-score <s>",
      "extractive default only: the sentence score below which it refuses, 0-1; a comma-separated list evaluates each on one import",
      weights,
    )
    .option(
      "--refusal-threshold <t>",
      "retrieval's \"nothing found\" vector similarity threshold, 0-1 (default: the configuration's)",
      weight,
    )
    .option("--no-scenario", "ask the question alone even when the record has a scenario")
    .option("--limit <n>", "answer only this many questions, spread evenly through the file", positiveInt)
    .option("--json", "JSON lines only on stdout (the default output is JSON lines too, plus a table on stderr)")
    .action(async (opts: AnswerEvalCliOptions) => {
      const { runAnswerEval, formatAnswerEvalTable } = await import("@lore/core/eval");
      const { chatModelFromEnv } = await import("@lore/core/llm");
      const embedder = await getDefaultEmbedder();
      const model = chatModelFromEnv();
      if (model && opts.minScore) err("--min-score applies to the extractive default only: ignored with a configured model.");
      const result = await interruptible(
        (signal) =>
          runAnswerEval({
            signal,
            corpus: opts.corpus,
            questions: opts.questions,
            ...(opts.examples ? { examples: opts.examples } : {}),
            config: opts.config,
            withScenario: opts.scenario,
            ...(opts.minScore && !model ? { minScores: opts.minScore } : {}),
            ...(opts.refusalThreshold !== undefined ? { refusalThreshold: opts.refusalThreshold } : {}),
            ...(opts.limit ? { limit: opts.limit } : {}),
            embedder,
            model,
            progress: createProgress(),
            log: err,
          }),
        err,
      );
      for (const row of result.rows) out(JSON.stringify(row));
      for (const f of result.importFailures) err(`  ✗ ${f}`);
      err(formatAnswerEvalTable(result));
    });

  evalCmd
    .command("ladder")
    .description(
      "Every rung of the customisation ladder (prompt only, + few-shot, + retrieval (vector), + hybrid, + hybrid and few-shot) on the same questions and one import: one JSON line per rung.",
    )
    .requiredOption("--corpus <path>", "a folder of pages, a corpus.jsonl, or a dataset folder holding either")
    .requiredOption("--questions <file>", "questions.jsonl ({id, question, answers, source_ids, answerable})")
    .option("--examples <file>", "few-shot examples to store first (JSONL: {question, answer, source_ids?})")
    .option(
      "--examples-from-questions <n>",
      "take this many (or this share, 0-1) of the answerable questions as examples, evenly spaced, and test on the rest",
      exampleShare,
    )
    .option("--no-scenario", "ask the question alone even when the record has a scenario")
    .option("--limit <n>", "answer only this many test questions, spread evenly through them", positiveInt)
    .option("--json", "JSON lines only on stdout (the default output is JSON lines too, plus a table on stderr)")
    .action(
      async (opts: {
        corpus: string;
        questions: string;
        examples?: string;
        examplesFromQuestions?: number;
        scenario: boolean;
        limit?: number;
        json?: boolean;
      }) => {
        const { runLadder, formatLadderTable } = await import("@lore/core/eval");
        const { chatModelFromEnv } = await import("@lore/core/llm");
        const embedder = await getDefaultEmbedder();
        const result = await interruptible(
          (signal) =>
            runLadder({
              signal,
              corpus: opts.corpus,
              questions: opts.questions,
              ...(opts.examples ? { examples: opts.examples } : {}),
              ...(opts.examplesFromQuestions !== undefined ? { examplesFromQuestions: opts.examplesFromQuestions } : {}),
              withScenario: opts.scenario,
              ...(opts.limit ? { limit: opts.limit } : {}),
              embedder,
              model: chatModelFromEnv(),
              progress: createProgress(),
              log: err,
              onRow: (row) => out(JSON.stringify(row)),
            }),
          err,
        );
        for (const f of result.importFailures) err(`  ✗ ${f}`);
        if (result.split) err(`examples: questions ${result.split.exampleIds.join(", ")}`);
        err(formatLadderTable(result));
      },
    );

  const benchCmd = program.command("bench").description("Benchmarks (one JSON object on stdout, summary on stderr).");
  benchCmd
    .command("retrieval")
    .description("Ingest, index build and query latency on synthetic wiki-like text, against an exact scan and LangChain's PGVectorStore.")
    .option("--chunks <n>", "chunks to generate", positiveInt, 100_000)
    .option("--queries <n>", "queries to time", positiveInt, 200)
    .option("--json", "JSON only on stdout (the default output is JSON too, plus a summary on stderr)")
    .action(async (opts: { chunks: number; queries: number; json?: boolean }) => {
      const { runRetrievalBench, formatBenchSummary } = await import("@lore/core/eval");
      const embedder = await getDefaultEmbedder();
      const result = await interruptible(
        (signal) =>
          runRetrievalBench({ chunks: opts.chunks, queries: opts.queries, embedder, progress: createProgress(), log: err, signal }),
        err,
      );
      out(JSON.stringify(result));
      err(formatBenchSummary(result));
    });

  benchCmd
    .command("answers")
    .description(
      "The answer pipeline's own time (retrieval, examples, assembly, storing; the model excluded: a local server answering at once) on synthetic wiki-like text.",
    )
    .option("--chunks <n>", "chunks to generate", positiveInt, 10_000)
    .option("--questions <n>", "questions to time", positiveInt, 50)
    .option("--json", "JSON only on stdout (the default output is JSON too, plus a summary on stderr)")
    .action(async (opts: { chunks: number; questions: number; json?: boolean }) => {
      const { runAnswerBench, formatAnswerBenchSummary } = await import("@lore/core/eval");
      const embedder = await getDefaultEmbedder();
      const result = await interruptible(
        (signal) =>
          runAnswerBench({
            chunks: opts.chunks,
            questions: opts.questions,
            embedder,
            progress: createProgress(),
            log: err,
            signal,
            throughRoute: async (setup) => (await import("./route-bench")).firstTokenThroughRoute(setup),
          }),
        err,
      );
      out(JSON.stringify(result));
      err(formatAnswerBenchSummary(result));
    });

  return program;
}

async function main(): Promise<void> {
  // `pnpm lore` and `npm run lore` run in the repository root; relative paths mean the caller's directory.
  try {
    const cwd = (await import("./env")).callerDirectory();
    if (cwd) process.chdir(cwd);
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    err(`lore: ${error instanceof CliError ? error.message : errorLine(error)}`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

await main();
