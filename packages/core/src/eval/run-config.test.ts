import { describe, expect, it } from "vitest";
import { LADDER_RUNGS, ladderConfigs, RunConfigSchema, runOverrides } from "./run-config";

describe("run configurations", () => {
  it("leaves everything unset to the active prompt version, with the configured answerer", () => {
    const config = RunConfigSchema.parse({});
    expect(config).toEqual({ promptConfigId: null, retrieval: {}, examples: {}, answerer: "model" });
    // Nothing overridden: the version's own retrieval mode and examples setting apply.
    expect(runOverrides(config)).toEqual({ retrieval: {}, examples: {} });
  });

  it("turns into overrides that leave unset settings to the prompt version", () => {
    const config = RunConfigSchema.parse({
      promptConfigId: "p1",
      retrieval: { enabled: true, mode: "vector", k: 4 },
      examples: { enabled: false },
    });
    expect(runOverrides(config)).toEqual({
      promptConfigId: "p1",
      retrieval: { enabled: true, mode: "vector", k: 4 },
      examples: { enabled: false },
    });
    expect(runOverrides(RunConfigSchema.parse({}))).not.toHaveProperty("promptConfigId");
  });

  it("builds the ladder in order, each rung keeping the base's tuning", () => {
    const ladder = ladderConfigs({ retrieval: { enabled: true, mode: "hybrid", k: 3, mmrLambda: 0.5 }, answerer: "extractive" });
    expect(ladder.map((r) => r.rung)).toEqual([...LADDER_RUNGS]);
    const byRung = Object.fromEntries(ladder.map((r) => [r.rung, r.config]));
    expect(byRung["prompt-only"]!.retrieval.enabled).toBe(false);
    expect(byRung["prompt-only"]!.examples.enabled).toBe(false);
    expect(byRung["few-shot"]!.examples.enabled).toBe(true);
    expect(byRung["rag-vector"]!.retrieval).toEqual({ enabled: true, mode: "vector", k: 3, mmrLambda: 0.5 });
    expect(byRung["hybrid+few-shot"]!.retrieval.mode).toBe("hybrid");
    expect(byRung["hybrid+few-shot"]!.examples.enabled).toBe(true);
    expect(ladder.every((r) => r.config.answerer === "extractive")).toBe(true);
  });
});
