import { describe, expect, it } from "vitest";
import { formatCasesJsonl, parseCasesJsonl } from "./jsonl";

// Lines shaped as the shared datasets' questions.jsonl: govuk-policies (a scenario, extra fields), clapnq (an
// unanswerable question), xquad (short answers), one without an id.
const LINES = [
  {
    id: "dev-0",
    question: "How long will it be before I hear back from the court?",
    scenario: "My brother and his wife are in prison.",
    answers: ["within 10 days"],
    conditions: [[]],
    source_ids: ["apply-special-guardian"],
    source_url: "https://www.gov.uk/apply-special-guardian",
    evidence: ["Within 10 days of receiving your application the court will send you a case number."],
    answerable: true,
  },
  { id: "-1218875241352839456", question: "what is a blue cat", answers: [], source_ids: [], related_ids: ["x_1-2"], answerable: false },
  {
    id: "56beb4343aeaaa14008c925b",
    question: "How many points did the Panthers defense surrender?",
    answers: ["308"],
    source_ids: ["Super_Bowl_50-0"],
    answerable: true,
  },
];

describe("parseCasesJsonl / formatCasesJsonl", () => {
  it("round trip: exporting what was imported gives the same records, extra fields included", () => {
    const text = LINES.map((l) => JSON.stringify(l)).join("\n");
    const parsed = parseCasesJsonl(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.cases[0]!.record).toMatchObject({
      externalId: "dev-0",
      expectedAnswers: ["within 10 days"],
      sourceIds: ["apply-special-guardian"],
      metadata: { scenario: "My brother and his wife are in prison.", extra: { conditions: [[]] } },
    });
    const exported = formatCasesJsonl(parsed.cases.map((c, i) => ({ id: `db-${i}`, ...c.record })));
    expect(exported.endsWith("\n")).toBe(true);
    expect(
      exported
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(LINES);
    // And again: a second round changes nothing.
    const again = parseCasesJsonl(exported);
    expect(again.cases.map((c) => c.record)).toEqual(parsed.cases.map((c) => c.record));
  });

  it("defaults, numeric ids, a case without an id (exported with its database id)", () => {
    const parsed = parseCasesJsonl([JSON.stringify({ id: 7, question: " Q? " }), JSON.stringify({ question: "No id?" })].join("\n"));
    expect(parsed.cases.map((c) => c.record)).toEqual([
      { externalId: "7", question: "Q?", expectedAnswers: [], sourceIds: [], answerable: true, metadata: {} },
      { externalId: null, question: "No id?", expectedAnswers: [], sourceIds: [], answerable: true, metadata: {} },
    ]);
    const [, noId] = parsed.cases;
    expect(JSON.parse(formatCasesJsonl([{ id: "db-1", ...noId!.record }]))).toMatchObject({ id: "db-1" });
  });

  it("reports each bad line in words, numbered from firstLine", () => {
    const lines = [
      JSON.stringify({ id: "a", question: "Fine?" }),
      "",
      "{not json",
      "[1]",
      JSON.stringify({ id: "b" }),
      JSON.stringify({ id: "c", question: "Q", answers: "yes" }),
      JSON.stringify({ id: "a", question: "Again?" }),
      JSON.stringify({ id: "d", question: "Q\u0000" }),
      JSON.stringify({ id: "e", question: "Q", source_ids: ["bad\tid"] }),
      JSON.stringify({ id: "f", question: "x".repeat(4_001) }),
    ];
    const parsed = parseCasesJsonl(lines.join("\n"), 10);
    expect(parsed.cases.map((c) => c.line)).toEqual([10]);
    expect(parsed.errors).toEqual([
      { line: 12, message: "not valid JSON" },
      { line: 13, message: "expected a JSON object" },
      { line: 14, message: "question is missing" },
      { line: 15, message: expect.stringMatching(/^answers: /) },
      { line: 16, message: 'the id "a" is also on line 10' },
      { line: 17, message: "question contains a NUL character" },
      { line: 18, message: "source_ids.0: a source id contains a control character" },
      { line: 19, message: "question is longer than 4,000 characters" },
    ]);
  });
});
