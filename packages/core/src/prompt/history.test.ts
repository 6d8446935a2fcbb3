import { describe, expect, it } from "vitest";
import { countTokens } from "../tokens/count";
import { condenseHistory } from "./history";
import type { HistoryTurn } from "./types";

const turns: HistoryTurn[] = [
  { role: "user", content: "Where is the travel policy?" },
  { role: "assistant", content: "It is on the HR portal. [1]" },
  { role: "user", content: "How many vacation days do I get?" },
  { role: "assistant", content: "You get 25 days a year [1][2]. Unused days carry over until March [3]." },
];

describe("condenseHistory", () => {
  it("keeps the last turns and drops the citation markers of earlier answers", () => {
    expect(condenseHistory(turns, { maxTurns: 2, maxTokensPerTurn: 200 })).toEqual([
      { role: "user", content: "How many vacation days do I get?" },
      { role: "assistant", content: "You get 25 days a year. Unused days carry over until March." },
    ]);
    expect(condenseHistory(turns, { maxTurns: 0, maxTokensPerTurn: 200 })).toEqual([]);
    expect(condenseHistory(turns, { maxTurns: 10, maxTokensPerTurn: 200 })).toHaveLength(4);
  });

  it("shortens a long turn to its first whole sentences, or its first words when one sentence is too long", () => {
    const long = Array.from({ length: 30 }, (_, i) => `Step ${i + 1} is to fill in the form and send it to your manager.`).join(" ");
    const [shortened] = condenseHistory([{ role: "assistant", content: long }], { maxTurns: 1, maxTokensPerTurn: 50 });
    expect(countTokens(shortened!.content)).toBeLessThanOrEqual(50);
    expect(shortened!.content).toMatch(/^Step 1 is .*manager\. …$/);
    expect(long.startsWith(shortened!.content.slice(0, -2))).toBe(true);

    const [words] = condenseHistory([{ role: "user", content: `${"very ".repeat(100)}long question?` }], {
      maxTurns: 1,
      maxTokensPerTurn: 10,
    });
    expect(words!.content).toMatch(/^very( very)+ …$/);
    expect(countTokens(words!.content)).toBeLessThanOrEqual(10);
  });
});
