import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embed";
import { INDEXING_CONCURRENCY } from "../ingest/concurrent";
import { runRetrievalBench } from "./bench";

// The benchmark command end to end at a tiny size: every figure it promises is there and consistent. Its speeds
// are measured by running it (docs/benchmarks.md), never asserted here.
describe("runRetrievalBench", () => {
  it("loads the synthetic corpus through the production ingestion, and reports every figure", async () => {
    const embedder = createHashingEmbedder();
    const lines: string[] = [];
    const result = await runRetrievalBench({ chunks: 300, queries: 12, embedder, log: (line) => lines.push(line) });

    // Documents are indexed INDEXING_CONCURRENCY at a time until the target is reached: at most that many
    // documents (about 10 chunks each) past it.
    expect(result.chunks).toBeGreaterThanOrEqual(300);
    expect(result.chunks).toBeLessThan(300 + INDEXING_CONCURRENCY * 15);
    expect(result.documents).toBeGreaterThanOrEqual(Math.floor(result.chunks / 15));
    expect(result).toMatchObject({ queries: 12, embedder: embedder.id });
    expect(["own-hnsw", "plain-hnsw", "none"]).toContain(result.langchain_index);
    for (const key of [
      "ingest_chunks_per_s",
      "hybrid_p50_ms",
      "hybrid_p95_ms",
      "hybrid_cold_p50_ms",
      "ann_p50_ms",
      "exact_p50_ms",
      "speedup_vs_exact",
      "langchain_pgvector_p50_ms",
      "ratio_to_langchain",
    ] as const) {
      expect(result[key], key).toBeGreaterThan(0);
      expect(Number.isFinite(result[key]), key).toBe(true);
    }
    expect(result.hybrid_p95_ms).toBeGreaterThanOrEqual(result.hybrid_p50_ms);
    expect(result.ann_recall_at_10).toBeGreaterThanOrEqual(0);
    expect(result.ann_recall_at_10).toBeLessThanOrEqual(1);
    // At this size no query term has more postings than the keyword retriever's first pass reads: it is exact.
    expect(result.keyword_recall_at_10).toBe(1);
    expect(lines.some((line) => line.startsWith(`ingested ${result.chunks} chunks (${result.documents} documents)`))).toBe(true);
  }, 180_000);
});
