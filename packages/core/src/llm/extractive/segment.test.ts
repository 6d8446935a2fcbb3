import { describe, expect, it } from "vitest";
import { numbered } from "./__fixtures__/sources";
import { candidateSentences } from "./segment";

const sentences = (text: string, locale = "en", headingPath: string[] = []) =>
  candidateSentences(numbered([{ title: "Page", headingPath, text }]), locale);

describe("candidateSentences", () => {
  it("splits paragraphs into sentences and keeps inline formatting", () => {
    const out = sentences("Claims go to **finance** within 30 days. See [the form](https://x.example/form) for details.");
    expect(out.map((s) => s.text)).toEqual([
      "Claims go to **finance** within 30 days.",
      "See [the form](https://x.example/form) for details.",
    ]);
    expect(out.map((s) => s.position)).toEqual([0, 1]);
  });

  it("joins a paragraph's lines, and mends splits after short abbreviations", () => {
    expect(sentences("Ask Mr. Smith in\nroom 4 about parking permits.").map((s) => s.text)).toEqual([
      "Ask Mr. Smith in room 4 about parking permits.",
    ]);
  });

  it("drops headings, rules, table separators, bare list markers, code blocks and fragments", () => {
    const text = [
      "## Travel rules",
      "",
      "---",
      "",
      "| Item | Limit |",
      "|:---|---:|",
      "| Hotel per night in London | €150 |",
      "",
      "- ",
      "1.",
      "- Too short.",
      "- Trains must be booked in second class.",
      "",
      "```",
      "this code line is long enough to count as a sentence",
      "```",
      "",
      "[ref]: https://x.example",
    ].join("\n");
    expect(sentences(text).map((s) => s.text)).toEqual(["Hotel per night in London | €150", "Trains must be booked in second class."]);
  });

  it("removes footnote markers of the source's own, which would read as citations", () => {
    expect(sentences("The policy was revised in 2021 [3] after review [1, 2].").map((s) => s.text)).toEqual([
      "The policy was revised in 2021 after review.",
    ]);
  });

  it("records the headings a sentence sits under and the lead-in of its list", () => {
    const text =
      "Intro sentence of the chunk here.\n\n### Sick leave\n\nTo report sickness:\n\n- Call your manager before nine.\n\nA doctor's note is needed after two days.";
    const out = sentences(text, "en", ["Leave policy"]);
    expect(out.map((s) => [s.text, s.heading, s.leadIn])).toEqual([
      ["Intro sentence of the chunk here.", "Page Leave policy", ""],
      ["Call your manager before nine.", "Page Leave policy Sick leave", "To report sickness:"],
      ["A doctor's note is needed after two days.", "Page Leave policy Sick leave", ""],
    ]);
  });

  it("segments Vietnamese", () => {
    const out = sentences("Nhân viên được nghỉ 12 ngày phép năm. Đơn xin nghỉ gửi trước ba ngày làm việc!", "vi");
    expect(out.map((s) => s.text)).toEqual(["Nhân viên được nghỉ 12 ngày phép năm.", "Đơn xin nghỉ gửi trước ba ngày làm việc!"]);
  });
});
