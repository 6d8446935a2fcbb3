import { describe, expect, it } from "vitest";

import { jsonlBatches } from "./import-batches";

describe("jsonlBatches", () => {
  it("keeps whole lines, numbers each batch's first line, and drops empty batches", () => {
    const text = ["aaaa", "bbbb", "", "cccc", ""].join("\n");
    expect(jsonlBatches(text, 10)).toEqual([
      { text: "aaaa\nbbbb", firstLine: 1 },
      { text: "\ncccc\n", firstLine: 3 },
    ]);
    expect(jsonlBatches(text, 1000)).toEqual([{ text, firstLine: 1 }]);
    expect(jsonlBatches("\n\n", 10)).toEqual([]);
  });

  it("sends a line longer than the limit alone (the server then reports it)", () => {
    expect(jsonlBatches("x\n" + "y".repeat(50) + "\nz", 10).map((b) => b.firstLine)).toEqual([1, 2, 3]);
  });
});
