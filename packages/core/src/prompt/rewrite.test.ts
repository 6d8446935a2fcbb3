import { describe, expect, it } from "vitest";
import { isFollowUp, parseRewrittenQuery, rewritePromptMessages, rewriteQuestion } from "./rewrite";
import type { HistoryTurn } from "./types";

const after = (question: string, answer = "Here is what the handbook says. [1]"): HistoryTurn[] => [
  { role: "user", content: question },
  { role: "assistant", content: answer },
];

describe("rewriteQuestion (heuristic)", () => {
  it.each([
    ["How many vacation days do I get?", "What about part-timers?", "vacation days What about part-timers?"],
    ["How many vacation days do I get?", "And for contractors?", "vacation days And for contractors?"],
    ["Who approves travel expenses?", "Is it the same for training?", "approves travel expenses Is it the same for training?"],
    ["What is the remote work policy?", "Who signs those?", "remote work policy Who signs those?"],
  ])("English: after %j, %j → %j", (previous, question, query) => {
    expect(rewriteQuestion(after(previous), question)).toEqual({ query, rewritten: true, method: "heuristic" });
  });

  it.each([
    ["Nhân viên được nghỉ phép bao nhiêu ngày?", "Còn nghỉ ốm thì sao?", "Nhân viên phép ngày Còn nghỉ ốm thì sao?"],
    ["Chính sách làm việc từ xa là gì?", "Vậy ai phê duyệt?", "Chính sách làm việc từ xa Vậy ai phê duyệt?"],
    ["Quy trình hoàn tiền công tác như thế nào?", "Thực tập sinh thì sao?", "Quy trình hoàn tiền công tác Thực tập sinh thì sao?"],
    ["Quy trình hoàn tiền công tác như thế nào?", "Ai ký việc đó?", "Quy trình hoàn tiền công tác Ai ký việc đó?"],
  ])("Vietnamese: after %j, %j → %j", (previous, question, query) => {
    expect(rewriteQuestion(after(previous), question)).toEqual({ query, rewritten: true, method: "heuristic" });
  });

  it("leaves standalone questions, first questions and questions with nothing to add alone", () => {
    const unchanged = (question: string) => ({ query: question, rewritten: false, method: "heuristic" });
    const history = after("How many vacation days do I get?");
    expect(rewriteQuestion(history, "How do I book a meeting room on the third floor?")).toEqual(
      unchanged("How do I book a meeting room on the third floor?"),
    );
    expect(rewriteQuestion(history, "Is there a policy that covers travel to conferences abroad?")).toEqual(
      unchanged("Is there a policy that covers travel to conferences abroad?"),
    );
    expect(rewriteQuestion([], "What about part-timers?")).toEqual(unchanged("What about part-timers?"));
    expect(rewriteQuestion(after("What is it?"), "And that?")).toEqual(unchanged("And that?"));
    expect(rewriteQuestion(history, "Chính sách làm việc từ xa là gì?")).toEqual(unchanged("Chính sách làm việc từ xa là gì?"));
  });

  it("takes the terms from the latest user question", () => {
    const history = [...after("Where is the travel policy?"), ...after("How many vacation days do I get?")];
    expect(rewriteQuestion(history, "What about interns?").query).toBe("vacation days What about interns?");
    expect(isFollowUp("")).toBe(false);
  });
});

describe("the model rewrite", () => {
  it("sends the condensed conversation as quoted material and asks for the query alone", () => {
    const messages = rewritePromptMessages(after("How many vacation days do I get?", "You get 25 days [1]."), "What about interns?");
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(messages[0]!.content).toMatch(/standalone search query/);
    expect(messages[0]!.content).toMatch(/Keep the language of the question/);
    expect(messages[1]!.content).toBe(
      "<conversation>\nUser: How many vacation days do I get?\nAssistant: You get 25 days.\n</conversation>\n\nLast question: What about interns?",
    );
  });

  it("reads the query from the model's reply, falling back to the question", () => {
    expect(parseRewrittenQuery('Query: "How many vacation days do interns get?"\n', "What about interns?")).toEqual({
      query: "How many vacation days do interns get?",
      rewritten: true,
      method: "llm",
    });
    expect(parseRewrittenQuery("  What about interns? ", "What about interns?").rewritten).toBe(false);
    expect(parseRewrittenQuery("", "What about interns?")).toEqual({ query: "What about interns?", rewritten: false, method: "llm" });
    expect(parseRewrittenQuery("x".repeat(1000), "What about interns?").query).toBe("What about interns?");
  });
});
