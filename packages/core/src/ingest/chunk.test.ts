import { describe, expect, it } from "vitest";
import { countTokens } from "../tokens/count";
import { chunkDocument, contextHeader, splitSections, type Chunk } from "./chunk";

/** Deterministic filler prose: `n` distinct sentences about `topic`. */
function sentences(topic: string, n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `Rule ${i + 1} about ${topic} says that request number ${i + 1} must be approved by a manager within ${(i % 9) + 2} working days.`,
  ).join(" ");
}

function paragraphs(topic: string, count: number, sentencesEach: number): string {
  return Array.from({ length: count }, (_, p) => sentences(`${topic} part ${p + 1}`, sentencesEach)).join("\n\n");
}

const HANDBOOK = [
  "Welcome to the handbook.",
  "# Leave policy",
  "Everyone should read this.",
  "## Annual leave",
  "You get 25 days.",
  "## Parental leave",
  paragraphs("parental leave", 6, 8),
  "### Keeping in touch days",
  "Up to ten days.",
  "# Expenses",
  "## Travel",
  "Book trains.",
  "```sh\n# not a heading, a comment in code\nbook --train\n```",
  "Setext heading\n--------------",
  "Under a setext heading.",
].join("\n\n");

function longestSuffixPrefix(previous: string, current: string): string {
  for (let k = Math.min(previous.length, current.length); k > 0; k--) {
    if (previous.endsWith(current.slice(0, k))) return current.slice(0, k);
  }
  return "";
}

function expectWithinLimits(chunks: Chunk[], chunkTokens: number) {
  for (const chunk of chunks) {
    expect(chunk.text.trim()).not.toBe("");
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    // The header adds "\n\n" to the body: BPE may merge across that join, hence a tolerance of 2 tokens.
    expect(countTokens(chunk.contextText)).toBeLessThanOrEqual(chunkTokens + 2);
  }
}

describe("splitSections", () => {
  it("cuts at headings and tracks the heading path, ignoring # lines in code blocks", () => {
    const sections = splitSections(HANDBOOK);
    expect(sections.map((s) => s.headingPath)).toEqual([
      [],
      ["Leave policy"],
      ["Leave policy", "Annual leave"],
      ["Leave policy", "Parental leave"],
      ["Leave policy", "Parental leave", "Keeping in touch days"],
      ["Expenses", "Travel"],
      ["Expenses", "Setext heading"],
    ]);
    expect(sections[0]?.body).toBe("Welcome to the handbook.");
    expect(sections[5]?.body).toContain("# not a heading, a comment in code");
    expect(sections[4]?.headingDepths).toEqual([1, 2, 3]);
  });

  it("returns text without headings as one section", () => {
    expect(splitSections("\n\nJust text.\n\nMore text.\n")).toEqual([
      { headingPath: [], headingDepths: [], body: "Just text.\n\nMore text." },
    ]);
    expect(splitSections("Intro\n\n---\n\nAfter a rule")).toEqual([
      { headingPath: [], headingDepths: [], body: "Intro\n\n---\n\nAfter a rule" },
    ]);
  });

  it("reads heading text without Markdown markup", () => {
    expect(splitSections("## **Bold** and `code` and [link](https://x.example)\n\nBody")[0]?.headingPath).toEqual([
      "Bold and code and link",
    ]);
  });
});

describe("chunkDocument", () => {
  it("gives chunks their heading path and a context header with the title", async () => {
    const chunks = await chunkDocument({ title: "Acme handbook", text: HANDBOOK });
    const parental = chunks.filter((c) => c.headingPath.join(" › ") === "Leave policy › Parental leave");
    expect(parental.length).toBeGreaterThan(1);
    for (const chunk of parental) {
      expect(chunk.contextText.startsWith("Acme handbook › Leave policy › Parental leave\n\n")).toBe(true);
      expect(chunk.contextText).toBe(`Acme handbook › Leave policy › Parental leave\n\n${chunk.text}`);
    }
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
    // The one-line subsection joined the end of its parent's text, keeping its own heading line.
    const kit = chunks.find((c) => c.text.includes("Up to ten days."));
    expect(kit?.headingPath).toEqual(["Leave policy", "Parental leave"]);
    expect(kit?.text.endsWith("\n\n### Keeping in touch days\n\nUp to ten days.")).toBe(true);
  });

  it("does not repeat the title when the first heading restates it", () => {
    expect(contextHeader("Leave policy", ["Leave policy", "Parental leave"])).toBe("Leave policy › Parental leave");
    expect(contextHeader("Handbook", [])).toBe("Handbook");
  });

  it("keeps every chunk within the token budget, header included", async () => {
    for (const chunkTokens of [64, 150, 400]) {
      const chunks = await chunkDocument(
        { title: "Acme handbook", text: HANDBOOK },
        { chunkTokens, overlapTokens: Math.floor(chunkTokens / 8) },
      );
      expectWithinLimits(chunks, chunkTokens);
    }
  });

  it("splits a long section into pieces that overlap", async () => {
    const text = `# Security\n\n${paragraphs("laptops", 8, 6)}`;
    const chunks = await chunkDocument({ title: "IT", text }, { chunkTokens: 200, overlapTokens: 40 });
    expect(chunks.length).toBeGreaterThan(3);
    expectWithinLimits(chunks, 200);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]?.text ?? "";
      const current = chunks[i]?.text ?? "";
      // The next piece starts with the end of the previous one, about as much as asked for.
      const shared = longestSuffixPrefix(previous, current);
      expect(countTokens(shared)).toBeGreaterThan(5);
      expect(countTokens(shared)).toBeLessThanOrEqual(40 + 2);
      // At a natural boundary: a whole sentence, not half a word.
      expect(shared).toMatch(/^Rule \d+/);
    }
    // All the text is there.
    expect(chunks.map((c) => c.text).join(" ")).toContain("Rule 6 about laptops part 8");
  });

  it("splits text without spaces (a long URL, CJK) within the limit", async () => {
    const url = `https://example.com/${"a1b2c3".repeat(150)}`;
    const cjk = "東京の事務所は午前九時に開きます。".repeat(25);
    const chunks = await chunkDocument(
      { title: "Odd", text: `# URL\n\n${url}\n\n# CJK\n\n${cjk}` },
      { chunkTokens: 100, overlapTokens: 10 },
    );
    expectWithinLimits(chunks, 100);
    expect(chunks.filter((c) => c.headingPath[0] === "CJK").every((c) => !c.text.includes("\uFFFD"))).toBe(true);
  });

  it("never cuts an emoji in half", async () => {
    const emoji = "🎉🚀🌏👩‍💻".repeat(60);
    const chunks = await chunkDocument({ title: "Emoji", text: emoji }, { chunkTokens: 40, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    expectWithinLimits(chunks, 40);
    // No lone surrogates: every chunk survives a round trip through UTF-8.
    for (const chunk of chunks) expect(Buffer.from(chunk.text, "utf8").toString("utf8")).toBe(chunk.text);
    expect(chunks.map((c) => c.text).join("")).toBe(emoji);
  });

  it("merges tiny sections under the same parent, and only those", async () => {
    const text = [
      "# Office",
      "## Address",
      "1 Main Street.",
      "## Phone",
      "+44 20 0000 0000.",
      "## Wi-Fi",
      "Network Acme-Guest.",
      "# Payroll",
      "## Pay day",
      "The 25th.",
    ].join("\n\n");
    const chunks = await chunkDocument({ title: "Facts", text });
    expect(chunks.map((c) => ({ path: c.headingPath, text: c.text }))).toEqual([
      { path: ["Office"], text: "## Address\n\n1 Main Street.\n\n## Phone\n\n+44 20 0000 0000.\n\n## Wi-Fi\n\nNetwork Acme-Guest." },
      { path: ["Payroll", "Pay day"], text: "The 25th." },
    ]);
    expect(chunks[0]?.contextText.startsWith("Facts › Office\n\n## Address")).toBe(true);
  });

  it("does not merge sections that are large enough on their own", async () => {
    const text = `# A\n\n${sentences("alpha", 8)}\n\n# B\n\n${sentences("beta", 8)}`;
    const chunks = await chunkDocument({ title: "T", text });
    expect(chunks.map((c) => c.headingPath)).toEqual([["A"], ["B"]]);
  });

  it("is deterministic", async () => {
    const a = await chunkDocument({ title: "Acme handbook", text: HANDBOOK }, { chunkTokens: 120, overlapTokens: 20 });
    const b = await chunkDocument({ title: "Acme handbook", text: HANDBOOK }, { chunkTokens: 120, overlapTokens: 20 });
    expect(b).toEqual(a);
  });

  it("keeps Vietnamese diacritics, in NFC, and counts them within the limit", async () => {
    const body = Array.from(
      { length: 40 },
      (_, i) =>
        `Nhân viên chính thức được nghỉ phép năm ${12 + (i % 5)} ngày, hưởng nguyên lương; quy định số ${i + 1} áp dụng từ ngày 1 tháng 1.`,
    ).join(" ");
    const text = `# Chính sách nghỉ phép\n\n## Nghỉ thai sản\n\n${body}`.normalize("NFD");
    const chunks = await chunkDocument({ title: "Sổ tay nhân viên".normalize("NFD"), text }, { chunkTokens: 150, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(1);
    expectWithinLimits(chunks, 150);
    for (const chunk of chunks) {
      expect(chunk.text).toBe(chunk.text.normalize("NFC"));
      expect(chunk.contextText.startsWith("Sổ tay nhân viên › Chính sách nghỉ phép › Nghỉ thai sản\n\n")).toBe(true);
      expect(chunk.headingPath).toEqual(["Chính sách nghỉ phép", "Nghỉ thai sản"]);
      expect(chunk.text).not.toContain("\uFFFD");
    }
    expect(chunks[0]?.text.startsWith("Nhân viên chính thức được nghỉ phép năm 12 ngày, hưởng nguyên lương;")).toBe(true);
  });

  it("never produces empty chunks", async () => {
    expect(await chunkDocument({ title: "T", text: "" })).toEqual([]);
    expect(await chunkDocument({ title: "T", text: "# Only\n\n## Headings\n\n### Here" })).toEqual([]);
    const chunks = await chunkDocument({ title: "T", text: "# A\n\n\n\n# B\n\nText.\n\n# C\n\n   \n" });
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([[["B"], "Text."]]);
  });

  it("rejects nonsensical options", async () => {
    await expect(chunkDocument({ title: "T", text: "x" }, { chunkTokens: 10 })).rejects.toThrow(RangeError);
    await expect(chunkDocument({ title: "T", text: "x" }, { chunkTokens: 100, overlapTokens: 50 })).rejects.toThrow(RangeError);
  });
});
