import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../../embed/index";
import { ENGLISH_SOURCES, EXPENSE_POLICY, LEAVE_POLICY, VIETNAMESE_SOURCES, VPN_GUIDE, numbered } from "./__fixtures__/sources";
import { cite } from "./extractive";
import { EXTRACTIVE_MODEL_LABEL, extractiveAnswer, type ExtractiveAnswer } from "./index";

const embedder = createHashingEmbedder();

const ask = (question: string, sources = ENGLISH_SOURCES, options = {}): Promise<ExtractiveAnswer> =>
  extractiveAnswer({ question, sources, embedder, options });

/** Every `[…]` in the text is a well-formed marker of a source that was given, after a sentence, and each sentence has one. */
function expectWellFormedMarkers(answer: ExtractiveAnswer, sourceCount: number): void {
  const brackets = answer.text.match(/\[[^\]]*\]/gu) ?? [];
  expect(brackets.length).toBe(answer.sentences.length);
  for (const marker of brackets) {
    expect(marker).toMatch(/^\[\d+\]$/u);
    const n = Number(marker.slice(1, -1));
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(sourceCount);
  }
  expect(answer.text).not.toMatch(/^\s*\[|\[\d+\]\s*\[/u); // never a marker first, never two in a row
  for (const s of answer.sentences) expect(answer.text).toContain(cite(s.text, s.n));
}

describe("extractiveAnswer (English)", () => {
  it.each([
    ["How many days of annual leave do I get?", 1, "**25 days** of paid annual leave"],
    ["Can I carry over unused leave days?", 1, "Up to five unused days can be carried over"],
    ["Who approves my leave request?", 1, "Your manager approves or declines the request"],
    ["How long do I have to submit an expense claim?", 2, "within 30 days of the purchase"],
    ["What is the meal allowance on business trips?", 2, "Meals during business travel are reimbursed up to €40"],
    ["How do I connect to the VPN from home?", 3, "Install the WireGuard client"],
  ])("%s → the sentence that answers it, cited [%i]", async (question, n, expected) => {
    const answer = await ask(question);
    expect(answer.refused).toBe(false);
    const best = answer.sentences.reduce((a, b) => (b.score > a.score ? b : a));
    const answering = answer.sentences.find((s) => s.text.includes(expected));
    expect(answering).toMatchObject({ n, chunkId: `chunk-${n}` });
    expect(best.n).toBe(n);
    expect(answer.text).toContain(`${expected}`);
    expect(answer.bestScore).toBe(best.score);
    expectWellFormedMarkers(answer, ENGLISH_SOURCES.length);
  });

  it.each(["Where can I park my bike?", "What is the dress code?", "When is the company summer party?", ""])(
    "refuses %j, which no source covers",
    async (question) => {
      const answer = await ask(question);
      expect(answer).toMatchObject({ refused: true, text: "", sentences: [] });
    },
  );

  it("refuses when there are no sources, or only fragments", async () => {
    expect(await ask("How many days of annual leave do I get?", [])).toEqual({ text: "", sentences: [], refused: true, bestScore: 0 });
    const fragments = numbered([{ title: "Leave", text: "# Annual leave\n\n- \n\n|---|---|\n\nLeave days." }]);
    expect((await ask("How many days of annual leave do I get?", fragments)).refused).toBe(true);
  });

  it("takes the refusal threshold as an option and reports the best score either way", async () => {
    const answered = await ask("What is the meal allowance on business trips?");
    const strict = await ask("What is the meal allowance on business trips?", ENGLISH_SOURCES, { minScore: answered.bestScore + 0.01 });
    expect(strict).toMatchObject({ refused: true, text: "", bestScore: answered.bestScore });
    const lenient = await ask("Where can I park my bike?", ENGLISH_SOURCES, { minScore: 0 });
    expect(lenient.refused).toBe(false);
  });

  it("quotes the steps of a how-to list under its lead-in, without list markers, in the list's order", async () => {
    const answer = await ask("How do I connect to the VPN from home?");
    const steps = answer.sentences.map((s) => s.text);
    expect(steps.slice(0, 3)).toEqual([
      "Install the WireGuard client from the software centre.",
      "Import the profile that IT emailed you when you joined.",
      "Switch the tunnel on and sign in with your `corp` account.", // inline formatting kept
    ]);
    expect(answer.text).not.toMatch(/^\d+\.|To connect to the office network from home:/mu);
  });

  it("keeps at most maxSentences", async () => {
    const answer = await ask("How do I connect to the VPN from home?", ENGLISH_SOURCES, { maxSentences: 1 });
    expect(answer.sentences).toHaveLength(1);
  });
});

describe("extractiveAnswer (Vietnamese)", () => {
  it.each([
    ["Tôi được nghỉ phép năm bao nhiêu ngày?", 1, "14 ngày nghỉ phép năm"],
    ["Nghỉ ốm cần giấy tờ gì?", 1, "giấy xác nhận của bác sĩ"],
    ["Tiền ăn công tác được thanh toán bao nhiêu?", 2, "tối đa 300.000 đồng mỗi ngày"],
    ["Hóa đơn công tác nộp trong bao lâu?", 2, "trong vòng 15 ngày sau chuyến đi"],
    ["Làm sao kết nối VPN khi ở nhà?", 3, "cài đặt phần mềm WireGuard"],
  ])("%s → cited [%i]", async (question, n, expected) => {
    const answer = await ask(question, VIETNAMESE_SOURCES);
    expect(answer.refused).toBe(false);
    const best = answer.sentences.reduce((a, b) => (b.score > a.score ? b : a));
    expect(best).toMatchObject({ n });
    expect(best.text).toContain(expected);
    expectWellFormedMarkers(answer, VIETNAMESE_SOURCES.length);
  });

  it("matches a question typed with decomposed diacritics", async () => {
    const answer = await ask("Tôi được nghỉ phép năm bao nhiêu ngày?".normalize("NFD"), VIETNAMESE_SOURCES);
    expect(answer.sentences[0]?.text).toContain("14 ngày nghỉ phép năm");
  });

  it.each(["Công ty có bãi đỗ xe máy không?", "Quy định về trang phục là gì?", "Tiệc cuối năm tổ chức ở đâu?"])(
    "refuses %s, which no source covers",
    async (question) => {
      expect((await ask(question, VIETNAMESE_SOURCES)).refused).toBe(true);
    },
  );
});

describe("selection and order", () => {
  it("quotes a sentence repeated in two sources once, and a reworded copy not at all", async () => {
    const copy = { ...EXPENSE_POLICY, title: "Travel FAQ", text: "Meals during business travel are reimbursed up to €40 per day!" };
    const reworded = {
      title: "Travel rules",
      text: "During business travel, meals are reimbursed up to €40 a day. Hotels during business travel are reimbursed up to €150 per night.",
    };
    const sources = numbered([EXPENSE_POLICY, copy, reworded, LEAVE_POLICY]);
    const answer = await ask("How much are meals and hotels during business travel reimbursed?", sources, { maxSentences: 2, minScore: 0 });
    const texts = answer.sentences.map((s) => s.text);
    expect(texts.filter((t) => /meals are reimbursed|Meals during business travel/u.test(t))).toHaveLength(1);
    expect(texts).toContain("Hotels during business travel are reimbursed up to €150 per night.");
  });

  it("orders the answer by source, then as the source reads, one paragraph per source", async () => {
    const sources = numbered([VPN_GUIDE, LEAVE_POLICY, EXPENSE_POLICY]);
    const answer = await ask("How many leave days, what meal allowance, and how to connect the VPN from home?", sources, {
      maxSentences: 6,
      minScore: 0,
    });
    const order = answer.sentences.map((s) => [s.n, sources[s.n - 1]!.text.indexOf(s.text.replace(/^\*\*/u, ""))]);
    const sorted = [...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(order).toEqual(sorted);
    expect(new Set(answer.sentences.map((s) => s.n)).size).toBeGreaterThan(1);
    const paragraphs = answer.text.split("\n\n");
    expect(paragraphs).toHaveLength(new Set(answer.sentences.map((s) => s.n)).size);
    for (const paragraph of paragraphs) expect(new Set(paragraph.match(/\[\d+\]/gu)).size).toBe(1);
  });
});

describe("cite", () => {
  it("puts the marker before the closing punctuation, or after the sentence when it has none to put it before", () => {
    expect(cite("Leave is 25 days.", 2)).toBe("Leave is 25 days [2].");
    expect(cite("Is it approved?!", 1)).toBe("Is it approved [1]?!");
    expect(cite("Run `vpn up`.", 3)).toBe("Run `vpn up` [3].");
    expect(cite("Hotel per night | €150", 1)).toBe("Hotel per night | €150 [1]");
    expect(cite("**Always attach the receipt.**", 1)).toBe("**Always attach the receipt.** [1]");
  });
});

it("is labelled as what it is: quotes, not a language model", () => {
  expect(EXTRACTIVE_MODEL_LABEL).toMatch(/no language model/iu);
});
