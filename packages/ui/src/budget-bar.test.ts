import { describe, expect, it } from "vitest";
import { budgetSegments } from "./budget-bar";

describe("budgetSegments", () => {
  it("splits the window into the prompt's parts, the reserved answer, the margin and what is free", () => {
    const segments = budgetSegments({
      window: 1000,
      reserved: 200,
      margin: 50,
      sections: { system: 100, examples: 0, sources: 300, history: 20, question: 30 },
    });
    expect(segments.map((s) => [s.key, s.tokens])).toEqual([
      ["system", 100],
      ["examples", 0],
      ["sources", 300],
      ["history", 20],
      ["question", 30],
      ["reserved", 200],
      ["margin", 50],
      ["free", 300],
    ]);
  });

  it("never gives a negative free part", () => {
    const segments = budgetSegments({
      window: 100,
      reserved: 80,
      margin: 64,
      sections: { system: 10, examples: 0, sources: 0, history: 0, question: 5 },
    });
    expect(segments.at(-1)).toMatchObject({ key: "free", tokens: 0 });
  });
});
