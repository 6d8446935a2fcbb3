/**
 * `lore bench retrieval`: ingest throughput, index build time and query latency at N chunks of synthetic
 * wiki-like text ({@link syntheticCorpus}), in a throw-away embedded database, compared with an exact vector
 * scan (same queries, index scans disabled) and with LangChain's PGVectorStore on the same texts and vectors.
 *
 * Ingestion goes through the production path (`indexDocument`: chunk, embed with the default embedder,
 * versioned insert with the term-index postings, swap), four documents at a time through the same TaskSlots as
 * the worker and `lore import`, against an embedded server
 * running in its own process as `npm start` runs it. The search indexes (the IVFFlat vector index, and the
 * term index's impact-ordered index) are dropped first and built after the load, as `lore import --bulk` does
 * (knowledge-base/search-indexes/maintenance.ts), so `ingest_chunks_per_s` is the load and `index_build_s` the build, followed by
 * VACUUM ANALYZE. (Imports with the indexes in place, as uploads and `lore import` without --bulk run, are about
 * as fast: docs/benchmarks.md.) Searches are timed after a warm-up pass of as many other questions, itself timed
 * for the cold figure.
 */
import pg from "pg";
import pgvector from "pgvector";
import { PGVectorStore } from "@langchain/community/vectorstores/pgvector";
import { Prisma, type PrismaClient } from "@lore/db";
import { startTemporaryDatabaseProcess } from "@lore/db/temporary";
import { toLangChainEmbeddings } from "../embed/langchain";
import type { Embedder } from "../embed/types";
import { INDEXING_CONCURRENCY, TaskSlots } from "../ingest/concurrent";
import { indexDocument } from "../knowledge-base/publish/publish";
import { restoreSearchIndexes, suspendSearchIndexes } from "../knowledge-base/search-indexes/maintenance";
import { CURRENT_CHUNKS, visibleChunkSql } from "../knowledge-base/access";
import { search } from "../retrieve";
import { keywordTopIds } from "../retrieve/keyword";
import { ivfProbes, readVectorIndex, withVectorScanSettings } from "../knowledge-base/search-indexes/vector-index";
import { percentile } from "./metrics";
import type { Progress } from "./retrieval";
import { syntheticCorpus, type SyntheticCorpus } from "./synthetic";

export interface BenchOptions {
  chunks: number;
  /** Timed queries per retriever (default 200). */
  queries?: number;
  embedder: Embedder;
  progress?: Progress;
  log?: (line: string) => void;
  seed?: number;
  /** Stops the run at its next step (throwing the signal's reason); its temporary database is deleted. */
  signal?: AbortSignal;
}

export interface BenchResult {
  chunks: number;
  documents: number;
  ingest_chunks_per_s: number;
  index_build_s: number;
  vector_index_build_s: number;
  /** The IVFFlat index's lists (null: too few chunks for an index, searches are exact scans). */
  vector_index_lists: number | null;
  /** The lists each search probes. */
  vector_index_probes: number | null;
  term_index_build_s: number;
  queries: number;
  /**
   * Hybrid search p50 over the timed questions, after a warm-up pass of as many other questions from the same
   * generator: a server that has been answering questions for a while.
   */
  hybrid_p50_ms: number;
  hybrid_p95_ms: number;
  /**
   * Hybrid search p50 over the warm-up pass: the first questions after the index build, when the vector index
   * is in the cache (from its build) and the term index and the chunks mostly are not.
   */
  hybrid_cold_p50_ms: number;
  ann_p50_ms: number;
  exact_p50_ms: number;
  speedup_vs_exact: number;
  ann_recall_at_10: number;
  /**
   * How much of the exact BM25 top 10 (every posting of every query term) the keyword retriever's first pass
   * finds, over the public chunks: 1 while no query term has more postings than that pass reads.
   */
  keyword_recall_at_10: number;
  langchain_pgvector_p50_ms: number;
  /** hybrid_p50_ms / langchain_pgvector_p50_ms: below 1 = Lore's hybrid search is faster than LangChain's plain vector search. */
  ratio_to_langchain: number;
  langchain_index: "own-hnsw" | "plain-hnsw" | "none";
  embedder: string;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** The vector retriever's query (same shape as search's, anonymous ACL): top 10 chunk ids. */
async function vectorTop10(db: PrismaClient, embedder: Embedder, queryVector: number[], exact: boolean): Promise<string[]> {
  const dims = Prisma.raw(String(embedder.dimensions));
  const v = pgvector.toSql(queryVector);
  const top10 = async (q: Pick<PrismaClient, "$queryRaw">) => {
    const rows = await q.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM ${CURRENT_CHUNKS}
      WHERE c.embedding_dims = ${dims} AND c.embedding_model = ${embedder.id} AND ${visibleChunkSql(null)}
      ORDER BY c.embedding::vector(${dims}) <=> ${v}::vector(${dims})
      LIMIT 10`;
    return rows.map((r) => r.id);
  };
  if (!exact) return withVectorScanSettings(db, embedder.dimensions, top10); // as search runs it
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL enable_indexscan = off`;
    return top10(tx);
  });
}

export interface LoadedSyntheticCorpus {
  chunks: number;
  documents: number;
  ingestS: number;
  vectorS: number;
  termsS: number;
  vectorIndex: Awaited<ReturnType<typeof readVectorIndex>>;
}

/**
 * Loads about `target` chunks of the synthetic corpus through the production `indexDocument`, as `lore import --bulk`
 * does: search indexes dropped, INDEXING_CONCURRENCY documents at a time, then the indexes built and VACUUM ANALYZE.
 */
export async function loadSyntheticCorpus(
  prisma: PrismaClient,
  corpus: SyntheticCorpus,
  target: number,
  options: Pick<BenchOptions, "embedder" | "progress" | "log" | "signal">,
): Promise<LoadedSyntheticCorpus> {
  const { embedder, progress } = options;
  const log = options.log ?? (() => {});
  // ── Bulk load without the search indexes (as `lore import --bulk`) ──
  const indexes = await suspendSearchIndexes(prisma);
  let chunks = 0;
  let documents = 0;
  progress?.start("ingest", target);
  const t0 = performance.now();
  // As the worker and `lore import` index: INDEXING_CONCURRENCY documents at a time, the next one started as
  // soon as one finishes (not in lockstep batches, which leave the database idle while a batch is embedded).
  const slots = new TaskSlots(INDEXING_CONCURRENCY);
  let failure: { error: unknown } | undefined;
  while (chunks < target && !failure && !options.signal?.aborted) {
    await slots.free();
    if (chunks >= target || failure) break;
    const d = corpus.doc(documents++);
    slots
      .run(d.externalId, () =>
        indexDocument(
          prisma,
          { source: "bench", doc: { externalId: d.externalId, title: d.title, text: d.text, mimeType: "text/markdown", language: "en" } },
          { embedder },
        ),
      )
      .then(
        (result) => {
          chunks += result.chunks;
          try {
            progress?.tick(result.chunks);
          } catch (error) {
            failure ??= { error };
          }
        },
        (error: unknown) => {
          failure ??= { error };
        },
      );
  }
  await slots.idle();
  options.signal?.throwIfAborted();
  if (failure) throw failure.error;
  const ingestS = (performance.now() - t0) / 1000;
  progress?.stop();
  log(`ingested ${chunks} chunks (${documents} documents) in ${ingestS.toFixed(1)} s`);

  // ── Index build, then VACUUM ANALYZE (the product's restore, as `lore import --bulk` runs it) ──
  log("building the vector and term indexes…");
  const { vectorSeconds: vectorS, termSeconds: termsS } = await restoreSearchIndexes(prisma, indexes);
  const vectorIndex = await readVectorIndex(prisma, embedder.dimensions);
  log(`vector index ${vectorS.toFixed(1)} s (${vectorIndex ? `${vectorIndex.lists} lists` : "none"}), term index ${termsS.toFixed(1)} s`);

  return { chunks, documents, ingestS, vectorS, termsS, vectorIndex };
}

export async function runRetrievalBench(options: BenchOptions): Promise<BenchResult> {
  const { embedder, progress } = options;
  const log = options.log ?? (() => {});
  const target = options.chunks;
  const nQueries = options.queries ?? 200;
  // Documents of ~10 one-chunk sections; a small N gets smaller documents so it still spans many of them.
  const sectionsPerDoc = Math.max(1, Math.min(10, Math.floor(target / 50)));
  const corpus = syntheticCorpus(options.seed ?? 42, { sectionsPerDoc });
  const queries = Array.from({ length: nQueries }, () => corpus.query());
  // Asked before the timed questions, by every searcher (hybrid search and LangChain's store alike).
  const warmup = Array.from({ length: nQueries }, () => corpus.query());

  /** A step of a loop: stop here if asked to, else count it. */
  const step = () => {
    options.signal?.throwIfAborted();
    progress?.tick();
  };

  const db = await startTemporaryDatabaseProcess();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    const prisma = db.prisma;
    const { chunks, documents, ingestS, vectorS, termsS, vectorIndex } = await loadSyntheticCorpus(prisma, corpus, target, options);

    // ── Queries ──
    const cold: number[] = [];
    progress?.start("warm-up", warmup.length);
    for (const q of warmup) {
      cold.push((await timed(() => search(prisma, { query: q, userId: null, k: 10 }, { embedder }))).ms);
      step();
    }
    progress?.stop();
    // One loop per query kind: an exact scan reads every chunk, and timed right after one, a search pays for
    // the cache it displaced, which would be charged to the search.
    const hybrid: number[] = [];
    const ann: number[] = [];
    const exact: number[] = [];
    const annTop10: string[][] = [];
    let overlap = 0;
    progress?.start("queries", 4 * queries.length);
    for (const q of queries) {
      hybrid.push((await timed(() => search(prisma, { query: q, userId: null, k: 10, mode: "hybrid" }, { embedder }))).ms);
      step();
    }
    for (const q of queries) {
      const a = await timed(async () => vectorTop10(prisma, embedder, await embedder.embedQuery(q), false));
      ann.push(a.ms);
      annTop10.push(a.value);
      step();
    }
    for (const [i, q] of queries.entries()) {
      const e = await timed(async () => vectorTop10(prisma, embedder, await embedder.embedQuery(q), true));
      exact.push(e.ms);
      const truth = new Set(e.value);
      overlap += truth.size === 0 ? 1 : annTop10[i]!.filter((id) => truth.has(id)).length / truth.size;
      step();
    }
    // The keyword retriever's first pass against exact BM25 (untimed: the exhaustive read is a reference only).
    let keywordOverlap = 0;
    for (const q of queries) {
      const truth = new Set(await keywordTopIds(prisma, q, embedder.id, 10, true));
      const found = await keywordTopIds(prisma, q, embedder.id, 10, false);
      keywordOverlap += truth.size === 0 ? 1 : found.filter((id) => truth.has(id)).length / truth.size;
      step();
    }
    progress?.stop();

    // ── LangChain's PGVectorStore on the same texts and vectors ──
    log("loading LangChain's PGVectorStore with the same chunks and vectors…");
    const store = await PGVectorStore.initialize(toLangChainEmbeddings(embedder), {
      pool,
      tableName: "langchain_bench",
      dimensions: embedder.dimensions,
      distanceStrategy: "cosine",
    });
    let after = "";
    for (;;) {
      step();
      const page = await prisma.$queryRaw<{ id: string; text: string; embedding: string }[]>`
        SELECT id, text, embedding::text AS embedding FROM chunks WHERE id > ${after} ORDER BY id LIMIT 2000`;
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      await store.addVectors(
        page.map((r) => pgvector.fromSql(r.embedding) as number[]),
        page.map((r) => ({ pageContent: r.text, metadata: { chunkId: r.id } })),
      );
    }
    await store.createHnswIndex({ dimensions: embedder.dimensions });
    await pool.query("ANALYZE langchain_bench");
    // LangChain's own index is on `embedding::vector(N)` but its query orders by the bare column; check the
    // planner can use it, and if not give the store a plain HNSW index so the comparison is ANN against ANN.
    const usesIndex = async () => {
      const plan = await pool.query(`EXPLAIN SELECT * FROM langchain_bench ORDER BY embedding <=> $1 LIMIT 10`, [
        pgvector.toSql(await embedder.embedQuery("leave")),
      ]);
      return plan.rows.some((r: Record<string, string>) => /Index Scan/i.test(Object.values(r)[0]!));
    };
    let langchainIndex: BenchResult["langchain_index"] = "own-hnsw";
    if (!(await usesIndex())) {
      await pool.query("CREATE INDEX langchain_bench_plain_hnsw ON langchain_bench USING hnsw (embedding vector_cosine_ops)");
      langchainIndex = (await usesIndex()) ? "plain-hnsw" : "none";
      log(`LangChain's createHnswIndex() index is not usable by its own queries; added a plain HNSW index (${langchainIndex}).`);
    }
    for (const q of warmup) {
      options.signal?.throwIfAborted();
      await store.similaritySearch(q, 10);
    }
    const lc: number[] = [];
    for (const q of queries) {
      options.signal?.throwIfAborted();
      lc.push((await timed(() => store.similaritySearch(q, 10))).ms);
    }
    // The store keeps one pooled client checked out from initialize(); release it or pool.end() waits forever.
    store.client?.release();
    store.client = undefined;

    const hybridP50 = percentile(hybrid, 50);
    const lcP50 = percentile(lc, 50);
    return {
      chunks,
      documents,
      ingest_chunks_per_s: round(chunks / ingestS, 1),
      index_build_s: round(vectorS + termsS, 1),
      vector_index_build_s: round(vectorS, 1),
      vector_index_lists: vectorIndex?.lists ?? null,
      vector_index_probes: vectorIndex ? ivfProbes(vectorIndex.lists) : null,
      term_index_build_s: round(termsS, 1),
      queries: queries.length,
      hybrid_p50_ms: round(hybridP50),
      hybrid_p95_ms: round(percentile(hybrid, 95)),
      hybrid_cold_p50_ms: round(percentile(cold, 50)),
      ann_p50_ms: round(percentile(ann, 50)),
      exact_p50_ms: round(percentile(exact, 50)),
      speedup_vs_exact: round(percentile(exact, 50) / hybridP50),
      ann_recall_at_10: round(overlap / queries.length, 4),
      keyword_recall_at_10: round(keywordOverlap / queries.length, 4),
      langchain_pgvector_p50_ms: round(lcP50),
      ratio_to_langchain: round(hybridP50 / lcP50),
      langchain_index: langchainIndex,
      embedder: embedder.id,
    };
  } finally {
    await pool.end().catch(() => {});
    await db.stop();
  }
}

export function formatBenchSummary(r: BenchResult): string {
  return [
    `${r.chunks} chunks in ${r.documents} documents (${r.embedder}): ingest ${r.ingest_chunks_per_s} chunks/s, index build ${r.index_build_s} s (vector ${r.vector_index_build_s} s, term index ${r.term_index_build_s} s)`,
    r.vector_index_lists === null
      ? "no vector index (too few chunks): vector searches are exact scans"
      : `IVFFlat vector index: ${r.vector_index_lists} lists, ${r.vector_index_probes} probed per search`,
    `hybrid p50 ${r.hybrid_p50_ms} ms, p95 ${r.hybrid_p95_ms} ms (first ${r.queries} questions after the build: p50 ${r.hybrid_cold_p50_ms} ms); ANN vector p50 ${r.ann_p50_ms} ms; exact scan p50 ${r.exact_p50_ms} ms (hybrid ${r.speedup_vs_exact}× faster)`,
    `ANN recall@10 vs exact ${r.ann_recall_at_10}; keyword first pass recall@10 vs exact BM25 ${r.keyword_recall_at_10}; LangChain PGVectorStore p50 ${r.langchain_pgvector_p50_ms} ms (hybrid/LangChain ${r.ratio_to_langchain}, its index: ${r.langchain_index})`,
  ].join("\n");
}
