/**
 * `lore bench answers`: the answer pipeline's own time at N chunks — everything `answer()` does except waiting for
 * the model: loading the settings, opening the conversation and storing the question, retrieval, example selection,
 * prompt assembly, citations and storing the answer. The model is a local OpenAI-compatible server answering at once
 * (instant-model.ts) reached through the production provider, so generation costs an HTTP round trip only, and it
 * is subtracted anyway.
 *
 * The corpus is the retrieval benchmark's synthetic wiki text, loaded the same way (bench.ts), into a throw-away
 * embedded database in its own process as `npm start` runs it; a user asks, with persistence, as in the chat.
 */
import type { PrismaClient } from "@lore/db";
import { startTemporaryDatabaseProcess } from "@lore/db/temporary";
import { answer, type AnswerTrace } from "../answer";
import type { Embedder } from "../embed/types";
import { embedExamples } from "../fewshot";
import { createOpenAIChatModel } from "../llm/openai";
import { loadSyntheticCorpus } from "./bench";
import { startInstantModelServer } from "./instant-model";
import { percentile } from "./metrics";
import type { Progress } from "./retrieval";
import { syntheticCorpus } from "./synthetic";
import { overheadMs } from "./trace-metrics";

export interface AnswerBenchOptions {
  chunks: number;
  /** Timed questions (default 50), after as many warm-up ones (at most 20). */
  questions?: number;
  /** Few-shot examples stored for the selection to choose from (default 50). */
  examples?: number;
  embedder: Embedder;
  progress?: Progress;
  log?: (line: string) => void;
  seed?: number;
  signal?: AbortSignal;
  /**
   * Times answers through an HTTP route (the caller's: core knows no transport): given the loaded database, the
   * instant model's URL and questions, returns each answer's time to its first text, in ms, as a client sees it.
   */
  throughRoute?: (setup: { prisma: PrismaClient; modelUrl: string; questions: string[] }) => Promise<number[]>;
}

export interface AnswerBenchResult {
  chunks: number;
  documents: number;
  examples: number;
  questions: number;
  /** The pipeline's time without the model: total − generation + storing the answer. */
  overhead_p50_ms: number;
  overhead_p95_ms: number;
  /** Stage p50s (ms), as the trace records them. */
  retrieve_p50_ms: number;
  examples_p50_ms: number;
  assemble_p50_ms: number;
  persist_p50_ms: number;
  /** The instant model's generation, from request to last chunk: HTTP and provider overhead only. */
  generate_p50_ms: number;
  /** From the pipeline's start to the first text from the model (in process). */
  first_token_p50_ms: number;
  first_token_p95_ms: number;
  /** Time to the first text through the real tRPC route (HTTP, auth, streaming), when measured. */
  route_first_token_p50_ms?: number;
  route_first_token_p95_ms?: number;
  /** How the timed answers were made (all "model" unless retrieval found nothing). */
  modes: Record<string, number>;
  embedder: string;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const p = (values: number[], q: number) => (values.length ? round(percentile(values, q)) : NaN);

export async function runAnswerBench(options: AnswerBenchOptions): Promise<AnswerBenchResult> {
  const { embedder, progress } = options;
  const log = options.log ?? (() => {});
  const nQuestions = options.questions ?? 50;
  const nExamples = options.examples ?? 50;
  const sectionsPerDoc = Math.max(1, Math.min(10, Math.floor(options.chunks / 50)));
  const corpus = syntheticCorpus(options.seed ?? 42, { sectionsPerDoc });

  const db = await startTemporaryDatabaseProcess();
  const server = await startInstantModelServer();
  try {
    const prisma = db.prisma;
    const loaded = await loadSyntheticCorpus(prisma, corpus, options.chunks, options);
    const user = await prisma.user.create({ data: { id: "bench-user", name: "Bench User", email: "bench@bench.lore", role: "employee" } });
    for (let i = 0; i < nExamples; i++) {
      await prisma.fewShotExample.create({
        data: { id: `bench-example-${i}`, question: corpus.query(), answer: `${corpus.query()}. See the policy page for details.` },
      });
    }
    await embedExamples(prisma, embedder);
    const model = createOpenAIChatModel({ model: "instant", baseURL: server.url, apiKey: "bench", maxRetries: 0 });

    const ask = async (question: string): Promise<AnswerTrace> => {
      for await (const event of answer({ db: prisma, embedder, model }, { question, userId: user.id, persist: true })) {
        if (event.type === "done") return event.trace;
        if (event.type === "error") throw new Error(`answer failed: ${event.code} ${event.message}`);
      }
      throw new Error("answer ended without a done event");
    };

    const warmup = Math.min(20, nQuestions);
    progress?.start("answers", warmup + nQuestions);
    for (let i = 0; i < warmup; i++) {
      options.signal?.throwIfAborted();
      await ask(corpus.query());
      progress?.tick();
    }
    const traces: AnswerTrace[] = [];
    for (let i = 0; i < nQuestions; i++) {
      options.signal?.throwIfAborted();
      traces.push(await ask(corpus.query()));
      progress?.tick();
    }
    progress?.stop();
    log(`answered ${warmup} warm-up and ${nQuestions} timed questions; the model server got ${server.requests} requests`);
    const routeTimes = options.throughRoute
      ? await options.throughRoute({ prisma, modelUrl: server.url, questions: Array.from({ length: nQuestions }, () => corpus.query()) })
      : null;

    const stage = (key: keyof AnswerTrace["latencyMs"]) => traces.map((t) => t.latencyMs[key]).filter((v): v is number => v !== undefined);
    const overhead = traces.map((t) => overheadMs(t, true) ?? 0);
    const modes: Record<string, number> = {};
    for (const t of traces) modes[t.mode] = (modes[t.mode] ?? 0) + 1;
    return {
      chunks: loaded.chunks,
      documents: loaded.documents,
      examples: nExamples,
      questions: nQuestions,
      overhead_p50_ms: p(overhead, 50),
      overhead_p95_ms: p(overhead, 95),
      retrieve_p50_ms: p(stage("retrieve"), 50),
      examples_p50_ms: p(stage("examples"), 50),
      assemble_p50_ms: p(stage("assemble"), 50),
      persist_p50_ms: p(stage("persist"), 50),
      generate_p50_ms: p(stage("generate"), 50),
      first_token_p50_ms: p(stage("firstToken"), 50),
      first_token_p95_ms: p(stage("firstToken"), 95),
      ...(routeTimes ? { route_first_token_p50_ms: p(routeTimes, 50), route_first_token_p95_ms: p(routeTimes, 95) } : {}),
      modes,
      embedder: embedder.id,
    };
  } finally {
    await server.close();
    await db.stop();
  }
}

export function formatAnswerBenchSummary(r: AnswerBenchResult): string {
  return [
    `${r.chunks} chunks in ${r.documents} documents, ${r.examples} examples (${r.embedder}); ${r.questions} timed questions, answered as ${Object.entries(
      r.modes,
    )
      .map(([mode, n]) => `${mode} ${n}`)
      .join(", ")}`,
    `pipeline overhead (model excluded) p50 ${r.overhead_p50_ms} ms, p95 ${r.overhead_p95_ms} ms: retrieve ${r.retrieve_p50_ms}, examples ${r.examples_p50_ms}, assemble ${r.assemble_p50_ms}, store answer ${r.persist_p50_ms} (p50s, ms)`,
    `first token (in process, instant model) p50 ${r.first_token_p50_ms} ms, p95 ${r.first_token_p95_ms} ms; the instant model's round trip p50 ${r.generate_p50_ms} ms`,
    ...(r.route_first_token_p50_ms === undefined
      ? []
      : [
          `first token through the tRPC route (HTTP, session, streaming) p50 ${r.route_first_token_p50_ms} ms, p95 ${r.route_first_token_p95_ms} ms`,
        ]),
  ].join("\n");
}
