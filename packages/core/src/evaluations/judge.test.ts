import { describe, expect, it } from "vitest";
import type { MessagePart } from "../answer";
import { judgeMessages, JUDGE_SYSTEM_PROMPT, parseJudgeReply } from "./judge";

describe("the judge", () => {
  it("is sent the question, the expected answers, only the cited sources and the answer", () => {
    const source = (n: number, title: string) => ({
      n,
      chunkId: `c${n}`,
      documentId: `d${n}`,
      versionId: "v",
      title,
      url: null,
      headingPath: [],
      excerpt: `${title} text`,
    });
    const parts: MessagePart[] = [
      { type: "sources", sources: [source(1, "Leave"), source(2, "Parking")] },
      {
        type: "citations",
        citations: [{ n: 1, chunkId: "c1", documentId: "d1", versionId: "v", title: "Leave", headingPath: [], attached: false }],
      },
    ];
    const [system, user] = judgeMessages({ question: "How many days?", expected: ["27 days"], answer: "27 days [1].", parts });
    expect(system).toEqual({ role: "system", content: JUDGE_SYSTEM_PROMPT });
    expect(user!.content).toBe(
      "Question:\nHow many days?\n\nExpected answers:\n- 27 days\n\nCited sources:\n[1] Leave\nLeave text\n\nAnswer:\n27 days [1].",
    );
  });

  it("reads its grades from the first JSON object of the reply, and says when there is none", () => {
    expect(parseJudgeReply('Sure: {"correctness": "Partial", "faithfulness": "faithful", "reason": "close"}')).toEqual({
      correctness: 0.5,
      faithfulness: 1,
      reason: "close",
    });
    expect(parseJudgeReply('{"correctness": "unknown", "faithfulness": "unfaithful"}')).toMatchObject({
      correctness: null,
      faithfulness: 0,
    });
    expect(parseJudgeReply("I think it is fine.")).toMatchObject({ correctness: null, faithfulness: null, error: expect.any(String) });
  });
});
