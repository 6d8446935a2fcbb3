import { describe, expect, it } from "vitest";
import type { CandidateRow } from "./candidates";
import { EXPLAIN_MAX_ROWS, excerptOf, explainSearch } from "./explain";
import type { SearchResult } from "./types";

const row = (id: string, score: number, text = `passage ${id}`): CandidateRow => ({
  id,
  document_id: `doc-${id}`,
  document_version_id: `v-${id}`,
  title: `Title ${id}`,
  url: null,
  heading_path: [],
  text,
  embedding: new Uint8Array(),
  score,
});
const result = (chunkId: string, rank: number) => ({ chunkId, rank }) as SearchResult;
const settings = { fusion: "relative_score" as const, vectorWeight: 0.5, candidates: 40, mmrLambda: 0.7 };

describe("explainSearch", () => {
  it("lists each retriever's candidates and the fused ranking, marking the returned ones", () => {
    const explained = explainSearch([row("a", 0.9), row("b", 0.8), row("d", 0.1)], [row("b", 7), row("c", 2)], [result("b", 1)], settings);
    expect(explained.vector.map((h) => [h.chunkId, h.rank])).toEqual([
      ["a", 1],
      ["b", 2],
      ["d", 3],
    ]);
    expect(explained.fused[0]).toMatchObject({ chunkId: "b", vector: 0.8, fulltext: 7, resultRank: 1, rank: 1 });
    expect(explained.fused.find((c) => c.chunkId === "c")).toMatchObject({ resultRank: null });
    expect(explained.fused).toHaveLength(4);
  });

  it("keeps the head of each list, every returned chunk, and short excerpts", () => {
    const many = Array.from({ length: 50 }, (_, i) => row(`v${i}`, 1 - i / 100, "word ".repeat(200)));
    const explained = explainSearch(many, [], [result("v45", 3)], settings);
    expect(explained.vector).toHaveLength(EXPLAIN_MAX_ROWS);
    expect(explained.fused).toHaveLength(EXPLAIN_MAX_ROWS + 1);
    expect(explained.fused.at(-1)).toMatchObject({ chunkId: "v45", resultRank: 3 });
    expect(explained.fused[0]!.excerpt.length).toBeLessThanOrEqual(200);
    expect(excerptOf("a  b\n c")).toBe("a b c");
  });
});
