import { describe, expect, it } from "vitest";
import type { NumberedSource } from "../prompt/types";
import { createCitationParser } from "./citations";

const source = (n: number): NumberedSource => ({
  n,
  chunkId: `c${n}`,
  documentId: `d${n}`,
  versionId: `v${n}`,
  title: `Doc ${n}`,
  url: null,
  headingPath: [],
  text: "",
  score: 1,
  scores: { fused: 1 },
});

/** Feeds `pieces` one by one and returns all the text shown and the citations in first-cited order. */
function run(pieces: string[], sources = [source(1), source(2), source(3)]) {
  const parser = createCitationParser(sources);
  let text = "";
  const order: number[] = [];
  for (const piece of [...pieces.map((p) => parser.push(p)), parser.end()]) {
    text += piece.text;
    order.push(...piece.citations.map((c) => c.n));
  }
  return { text, order, cited: parser.cited() };
}

describe("citation parser", () => {
  it("resolves markers split across pieces, in first-cited order", () => {
    const { text, order, cited } = run(["Leave is 25 days [", "2]. Claims go to finance [1", "][2]."]);
    expect(text).toBe("Leave is 25 days [2]. Claims go to finance [1][2].");
    expect(order).toEqual([2, 1]);
    expect(cited[0]).toMatchObject({ n: 2, chunkId: "c2", versionId: "v2", attached: false });
  });

  it("drops markers that point at no source, keeps the known ones of a list", () => {
    expect(run(["A [7]. B [1, 9]. C [3,2]."]).text).toBe("A. B [1]. C [3, 2].");
  });

  it("never holds back ordinary brackets for long", () => {
    const parser = createCitationParser([source(1)]);
    expect(parser.push("see [").text).toBe("see");
    expect(parser.push("the list]").text).toBe(" [the list]");
    expect(parser.push(" and [1").text).toBe(" and");
    expect(parser.end().text).toBe(" [1");
  });
});

describe("citations attached after the fact", () => {
  it("matches answer sentences to the source that contains their words, marked as attached", async () => {
    const { attachCitations } = await import("./attach");
    const sources = [
      { ...source(1), title: "Annual leave", text: "Employees get 25 days of annual leave each calendar year." },
      { ...source(2), title: "Expenses", text: "Travel expenses are reimbursed within 30 days of the claim." },
    ];
    const cited = attachCitations("Travel expenses are reimbursed within 30 days. Thanks for asking!", sources);
    expect(cited).toEqual([expect.objectContaining({ n: 2, attached: true })]);
    expect(attachCitations("Nothing here matches any policy text at all.", sources)).toEqual([]);
  });
});
