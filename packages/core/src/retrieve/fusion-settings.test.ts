import { describe, expect, it } from "vitest";
import { readSettings } from "../env";
import { HASHING_VECTOR_WEIGHT, MODEL_VECTOR_WEIGHT, searchFusion } from "./fusion-settings";

describe("core settings", () => {
  it("choose hybrid search's fusion: relative score, with less weight on the hashing embedder's vectors unless set", () => {
    const fusionOf = (id: string, s: ReturnType<typeof readSettings>) => searchFusion(id, s.LORE_SEARCH_FUSION, s);
    expect(fusionOf("hashing-v1-384", readSettings({}))).toEqual({ method: "relative_score", vectorWeight: HASHING_VECTOR_WEIGHT });
    expect(fusionOf("openai:text-embedding-3-small", readSettings({}))).toEqual({
      method: "relative_score",
      vectorWeight: MODEL_VECTOR_WEIGHT,
    });
    // RRF alone is plain (unweighted) RRF: the ranking before relative score fusion.
    expect(fusionOf("hashing-v1-384", readSettings({ LORE_SEARCH_FUSION: "rrf" }))).toEqual({ method: "rrf", vectorWeight: 0.5 });
    expect(fusionOf("hashing-v1-384", readSettings({ LORE_SEARCH_FUSION: "rrf", LORE_SEARCH_VECTOR_WEIGHT: "0.3" }))).toEqual({
      method: "rrf",
      vectorWeight: 0.3,
    });
    expect(fusionOf("local:model", readSettings({ LORE_SEARCH_VECTOR_WEIGHT: "0" })).vectorWeight).toBe(0);
    // A method asked for per search (eval --fusion, search.debug) gets that method's default weight, not the configured one's.
    expect(searchFusion("hashing-v1-384", "rrf", readSettings({}))).toEqual({ method: "rrf", vectorWeight: 0.5 });
    expect(searchFusion("hashing-v1-384", "relative_score", readSettings({ LORE_SEARCH_FUSION: "rrf" }))).toEqual({
      method: "relative_score",
      vectorWeight: HASHING_VECTOR_WEIGHT,
    });
    expect(() => readSettings({ LORE_SEARCH_FUSION: "borda" })).toThrow(/LORE_SEARCH_FUSION must be relative_score or rrf/);
    expect(() => readSettings({ LORE_SEARCH_VECTOR_WEIGHT: "1.5" })).toThrow(/LORE_SEARCH_VECTOR_WEIGHT must be between 0 and 1/);
    expect(() => readSettings({ LORE_SEARCH_VECTOR_WEIGHT: "half" })).toThrow(/LORE_SEARCH_VECTOR_WEIGHT must be a number between 0 and 1/);
  });
});
