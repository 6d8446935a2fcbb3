import { describe, expect, it } from "vitest";
import type { AnswerEvalQuestion } from "./answers";
import { splitExamples } from "./ladder";

const question = (i: number, over: Partial<AnswerEvalQuestion> = {}): AnswerEvalQuestion => ({
  id: `q${i}`,
  question: `Question ${i}?`,
  answers: [`answer ${i}`, "other"],
  source_ids: [`doc-${i}`],
  answerable: true,
  ...over,
});

describe("splitExamples", () => {
  // 12 questions: q3 unanswerable, q7 without a reference, so the pool is the other 10.
  const questions = Array.from({ length: 12 }, (_, i) =>
    question(i, i === 3 ? { answerable: false, answers: [] } : i === 7 ? { answers: [" "] } : {}),
  );

  it("takes every n-th question of the pool (answerable, with a reference), the rest are the test set", () => {
    const split = splitExamples(questions, 0.2);
    // Pool positions ⌊i·10/2⌋ = 0, 5 → q0 and q6 (q3 is not in the pool).
    expect(split.exampleIds).toEqual(["q0", "q6"]);
    expect(split.examples).toEqual([
      { question: "Question 0?", answer: "answer 0", source_ids: ["doc-0"] },
      { question: "Question 6?", answer: "answer 6", source_ids: ["doc-6"] },
    ]);
    expect(split.test.map((q) => q.id)).toEqual(["q1", "q2", "q3", "q4", "q5", "q7", "q8", "q9", "q10", "q11"]);
    expect(split.rule).toMatch(/one in every 5 of the 10 answerable questions with a reference/);
    // A count means the same as its share, and the split is the same every time.
    expect(splitExamples(questions, 2)).toEqual(split);
  });

  it("asks an example's question as the test questions are asked: with its scenario unless told not to", () => {
    const withScenario = [question(0, { scenario: "I work part time." }), question(1)];
    expect(splitExamples(withScenario, 1).examples[0]!.question).toBe("I work part time.\nQuestion 0?");
    expect(splitExamples(withScenario, 1, false).examples[0]!.question).toBe("Question 0?");
  });

  it("refuses a split that takes nothing or leaves nothing to test", () => {
    expect(() => splitExamples(questions, 0.01)).toThrow(/takes no question/);
    expect(() => splitExamples(questions, 10)).toThrow(/none would be left to test/);
  });
});
