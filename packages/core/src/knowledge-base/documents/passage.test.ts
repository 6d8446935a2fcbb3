import { describe, expect, it } from "vitest";
import { locatePassage } from "./passage";

const doc = `# Leave policy

Intro paragraph.

## Parental leave

Six months, paid.

Ask **HR** for the form.

## Contact

Write to hr@example.com.
`;

describe("locatePassage", () => {
  it("finds a chunk verbatim", () => {
    const r = locatePassage(doc, "Six months, paid.\n\nAsk **HR** for the form.", ["Leave policy", "Parental leave"]);
    expect(r?.match).toBe("exact");
    expect(doc.slice(r!.start, r!.end)).toBe("Six months, paid.\n\nAsk **HR** for the form.");
  });

  it("finds a merged chunk by its first and last paragraphs", () => {
    const merged = "Six months, paid.\n\n### Contact\n\nWrite to hr@example.com.";
    const r = locatePassage(doc, merged, ["Leave policy"]);
    expect(r?.match).toBe("paragraphs");
    expect(doc.slice(r!.start, r!.end)).toMatch(/^Six months, paid\.[\s\S]*Write to hr@example\.com\.$/);
  });

  it("falls back to the chunk's heading when its text is not in this version", () => {
    const r = locatePassage(doc, "Text that was rewritten since.", ["Leave policy", "Parental leave"]);
    expect(r?.match).toBe("heading");
    expect(doc.slice(r!.start, r!.end)).toBe("## Parental leave\n\nSix months, paid.\n\nAsk **HR** for the form.");
  });

  it("gives null when nothing matches", () => {
    expect(locatePassage(doc, "Gone.", ["Nowhere"])).toBeNull();
    expect(locatePassage(doc, "Gone.", [])).toBeNull();
  });
});
