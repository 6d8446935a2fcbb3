import { describe, expect, it } from "vitest";

import { batchFiles, bytesSentPerFile } from "./batches";

describe("upload batches", () => {
  it("cuts a selection at the file count and byte limits, in order, never leaving a batch empty", () => {
    const files = [5, 5, 5, 20, 1].map((size, i) => ({ size, i }));
    expect(batchFiles(files, 2, 100).map((b) => b.map((f) => f.i))).toEqual([[0, 1], [2, 3], [4]]);
    expect(batchFiles(files, 10, 12).map((b) => b.map((f) => f.i))).toEqual([[0, 1], [2], [3], [4]]);
    expect(batchFiles([], 2, 10)).toEqual([]);
  });

  it("spreads the request's bytes sent over its files in order", () => {
    expect(bytesSentPerFile([10, 10, 10], 0, 40)).toEqual([0, 0, 0]);
    expect(bytesSentPerFile([10, 10, 10], 20, 40)).toEqual([10, 5, 0]);
    expect(bytesSentPerFile([10, 10, 10], 40, 40)).toEqual([10, 10, 10]);
  });
});
