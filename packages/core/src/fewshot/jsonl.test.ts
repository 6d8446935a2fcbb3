import { describe, expect, it } from "vitest";
import { parseExamplesJsonl } from "./jsonl";

describe("parseExamplesJsonl", () => {
  it("reads examples with defaults and reports each bad line in words, numbered from firstLine", () => {
    const lines = [
      JSON.stringify({ question: " Where? ", answer: "Here." }),
      "",
      "[1]",
      JSON.stringify({ question: "Q", answer: "A", pinned: "yes" }),
      JSON.stringify({ question: "Q\u0000", answer: "A" }),
      JSON.stringify({ question: "Q", answer: "A", tags: ["bad\ttag"] }),
      JSON.stringify({ answer: "A" }),
    ];
    const parsed = parseExamplesJsonl(lines.join("\n"), 5);
    expect(parsed.lines).toEqual([{ line: 5, value: { question: "Where?", answer: "Here.", tags: [], pinned: false, enabled: true } }]);
    expect(parsed.errors.map((e) => e.line)).toEqual([7, 8, 9, 10, 11]);
    expect(parsed.errors[0]!.message).toBe("expected a JSON object");
    expect(parsed.errors[1]!.message).toMatch(/^pinned: /);
    expect(parsed.errors[2]!.message).toBe("question contains a NUL character");
    expect(parsed.errors[3]!.message).toBe("tags.0: a tag contains a control character");
    expect(parsed.errors[4]!.message).toBe("question is missing");
  });
});
