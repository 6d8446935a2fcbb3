/**
 * The optional model-as-judge: the configured model grades an answer's correctness against the expected answers
 * and its faithfulness to the sources it cites. Its prompt is a constant with a version id, recorded in each run
 * that uses it (and shown by the console), so grades from different prompt versions are never silently compared.
 * A grade is 1, 0.5 or 0 (correct / partly / not); one it cannot give is null.
 */
import type { MessagePart } from "../answer";
import type { ChatMessage, ChatModel } from "../llm/types";

/** Change the id whenever the prompt below changes. */
export const JUDGE_PROMPT_VERSION = "judge-v1";

export const JUDGE_SYSTEM_PROMPT = `You grade the answers of a company knowledge assistant. You get a question, the expected answers (when known), the sources the answer cited, and the answer.
Grade two things:
- correctness: does the answer say what an expected answer says? "correct", "partial" (part of it, or with a wrong detail) or "incorrect". Use "unknown" when no expected answer is given.
- faithfulness: is everything the answer states supported by the cited sources? "faithful", "partial" or "unfaithful". Use "unknown" when no source is given.
Ignore citation markers such as [1]. Reply with one JSON object and nothing else:
{"correctness": "...", "faithfulness": "...", "reason": "<one sentence>"}`;

export interface JudgeGrade {
  version: string;
  /** 1 correct, 0.5 partial, 0 incorrect; null when unknown or not graded. */
  correctness: number | null;
  faithfulness: number | null;
  reason: string;
  /** Why no grade could be read (the model failed, or did not reply with the JSON asked for). */
  error?: string;
  prompt_tokens: number;
  answer_tokens: number;
}

export interface JudgeInput {
  question: string;
  expected: readonly string[];
  answer: string;
  /** The answer's message parts: the cited sources' excerpts are taken from them. */
  parts: readonly MessagePart[];
}

/** The messages the judge is sent for one answer. */
export function judgeMessages(input: JudgeInput): ChatMessage[] {
  const sources = input.parts.find((p) => p.type === "sources")?.sources ?? [];
  const cited = new Set((input.parts.find((p) => p.type === "citations")?.citations ?? []).map((c) => c.n));
  const citedSources = sources.filter((s) => cited.has(s.n));
  const expected = input.expected.length ? input.expected.map((a) => `- ${a}`).join("\n") : "(none given)";
  const sourceText = citedSources.length ? citedSources.map((s) => `[${s.n}] ${s.title}\n${s.excerpt}`).join("\n\n") : "(none cited)";
  return [
    { role: "system", content: JUDGE_SYSTEM_PROMPT },
    {
      role: "user",
      content: `Question:\n${input.question}\n\nExpected answers:\n${expected}\n\nCited sources:\n${sourceText}\n\nAnswer:\n${input.answer}`,
    },
  ];
}

const SCALE: Record<string, number> = { correct: 1, faithful: 1, partial: 0.5, incorrect: 0, unfaithful: 0 };

/** Reads the judge's reply: the first JSON object in it. */
export function parseJudgeReply(reply: string): Pick<JudgeGrade, "correctness" | "faithfulness" | "reason" | "error"> {
  const match = /\{[\s\S]*\}/.exec(reply);
  try {
    const json = JSON.parse(match?.[0] ?? "") as Record<string, unknown>;
    const grade = (value: unknown) => (typeof value === "string" && value.toLowerCase() in SCALE ? SCALE[value.toLowerCase()]! : null);
    return {
      correctness: grade(json.correctness),
      faithfulness: grade(json.faithfulness),
      reason: typeof json.reason === "string" ? json.reason : "",
    };
  } catch {
    return { correctness: null, faithfulness: null, reason: "", error: "The judge did not reply with the JSON asked for." };
  }
}

/** Grades one answer with `model`. Never throws: a failed call is a grade with `error`. */
export async function judgeAnswer(model: ChatModel, input: JudgeInput, signal?: AbortSignal): Promise<JudgeGrade> {
  let reply = "";
  const usage = { prompt_tokens: 0, answer_tokens: 0 };
  try {
    const request = { messages: judgeMessages(input), temperature: 0, maxOutputTokens: 200, ...(signal ? { signal } : {}) };
    for await (const chunk of model.stream(request)) {
      if (chunk.type === "text") reply += chunk.text;
      else {
        usage.prompt_tokens = chunk.inputTokens;
        usage.answer_tokens = chunk.outputTokens;
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      version: JUDGE_PROMPT_VERSION,
      correctness: null,
      faithfulness: null,
      reason: "",
      error: `The judge failed: ${message}`,
      ...usage,
    };
  }
  const parsed = parseJudgeReply(reply);
  // An expected grade it cannot give stays null whatever the model claims.
  return {
    version: JUDGE_PROMPT_VERSION,
    ...parsed,
    correctness: input.expected.length ? parsed.correctness : null,
    ...usage,
  };
}
