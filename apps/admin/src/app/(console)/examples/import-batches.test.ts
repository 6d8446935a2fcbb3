import { describe, expect, it } from "vitest";

import { jsonlBatches } from "./import-batches";

describe("jsonlBatches", () => {
  it("keeps whole lines, numbers each batch's first line, and drops empty batches", () => {
    const text = ["aaaa", "bbbb", "", "cccc", ""].join("\n");
    // "aaaa" costs 6 as sent: its quotes stand for the escaped line break joining it to the next.
    expect(jsonlBatches(text, 12)).toEqual([
      { text: "aaaa\nbbbb", firstLine: 1 },
      { text: "\ncccc\n", firstLine: 3 },
    ]);
    expect(jsonlBatches(text, 1000)).toEqual([{ text, firstLine: 1 }]);
    expect(jsonlBatches("\n\n", 10)).toEqual([]);
  });

  it("counts a line as it is sent: multi-byte characters and JSON escapes", () => {
    const thai = "ก".repeat(10); // 3 bytes each in UTF-8
    expect(jsonlBatches([thai, thai].join("\n"), 40)).toHaveLength(2);
    expect(jsonlBatches([thai, thai].join("\n"), 64)).toHaveLength(1);
    const quoted = '{"q":"a"}'; // 9 characters, 13 once its quotes are escaped, 15 with the line break
    expect(jsonlBatches([quoted, quoted].join("\n"), 29)).toHaveLength(2);
    expect(jsonlBatches([quoted, quoted].join("\n"), 30)).toHaveLength(1);
  });

  it("sends a line longer than the limit alone (the server then reports it)", () => {
    expect(jsonlBatches("x\n" + "y".repeat(50) + "\nz", 10).map((b) => b.firstLine)).toEqual([1, 2, 3]);
  });
});
