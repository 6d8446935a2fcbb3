/**
 * Builds an answer's inspection once the answer is written (so none of it delays the first token): the prompt a
 * model was sent, or — when the extractive default, a standard answer or "not found" made the answer — the prompt
 * a model would have been sent, with the examples it would have had and the budget it would have used.
 */
import type { PrismaClient } from "@lore/db";
import { isLoreError } from "../errors/lore-error";
import { selectExamples, type SelectedExample } from "../fewshot";
import type { AccessPrincipal } from "../knowledge-base/access";
import { assemblePrompt } from "../prompt/assemble";
import type { HistoryTurn, NumberedSource } from "../prompt/types";
import type { SearchExplanation } from "../retrieve/explain";
import { boundedMessages, bounded, INSPECTION_VERSION, MAX_EXAMPLE_CHARS, type AnswerInspection, type InspectedPrompt } from "./inspection";
import type { AnswerSettings } from "./settings";

export interface InspectionInput {
  principal: AccessPrincipal;
  settings: AnswerSettings;
  search: SearchExplanation | null;
  /** The examples selected for the model's prompt (none when no model was asked). */
  selected: SelectedExample[];
  /** The prompt the model was sent; null = none was (or assembly failed). */
  sent: InspectedPrompt | null;
  /** Why the sent prompt could not be assembled, if it could not. */
  sentError: { code: string; message: string } | null;
  /** The question embedded with the active model; null when the answer failed before. */
  queryVector: readonly number[] | null;
  embedderId: string;
  /** Every retrieved passage, numbered (what a would-be prompt quotes). */
  sources: NumberedSource[];
  history: HistoryTurn[];
  question: string;
  language: string;
}

function principalOf(principal: AccessPrincipal): AnswerInspection["principal"] {
  if (principal === null) return { kind: "anonymous" };
  if (typeof principal === "object") return { kind: "groups", groupIds: [...principal.groupIds] };
  return { kind: "user", userId: principal };
}

export async function collectInspection(db: PrismaClient, input: InspectionInput): Promise<AnswerInspection> {
  const { settings } = input;
  let selected = input.selected;
  let prompt = input.sent;
  let promptError = input.sentError;
  if (!prompt && !promptError) {
    if (selected.length === 0 && settings.examples.enabled && input.queryVector) {
      selected = await selectExamples(db, {
        userId: input.principal,
        question: input.question,
        queryVector: input.queryVector,
        embedderId: input.embedderId,
        k: settings.examples.k,
        maxTokens: settings.examples.maxTokens,
      });
    }
    const started = performance.now();
    try {
      const assembled = assemblePrompt({
        systemPrompt: settings.systemPrompt,
        sources: input.sources,
        examples: selected.map((e) => ({ id: e.id, question: e.question, answer: e.answer, pinned: e.pinned, similarity: e.similarity })),
        history: input.history,
        question: input.question,
        language: input.language,
        contextWindow: settings.contextWindow,
        reservedAnswerTokens: settings.reservedAnswerTokens,
        ...(settings.safetyMargin === undefined ? {} : { safetyMargin: settings.safetyMargin }),
      });
      prompt = inspectedPrompt(assembled, false, Math.round(performance.now() - started));
    } catch (error) {
      if (!isLoreError(error)) throw error;
      promptError = { code: error.code, message: error.message };
    }
  }
  const dropped = new Set((prompt?.dropped ?? []).filter((d) => d.kind === "example").map((d) => d.id));
  return {
    version: INSPECTION_VERSION,
    principal: principalOf(input.principal),
    settings: {
      temperature: settings.temperature,
      contextWindow: settings.contextWindow,
      reservedAnswerTokens: settings.reservedAnswerTokens,
      exampleK: settings.examples.k,
      exampleMaxTokens: settings.examples.maxTokens,
      historyTurns: settings.historyTurns,
    },
    search: input.search,
    examples: selected.map((e) => ({
      id: e.id,
      question: bounded(e.question, MAX_EXAMPLE_CHARS),
      answer: bounded(e.answer, MAX_EXAMPLE_CHARS),
      pinned: e.pinned,
      similarity: e.similarity,
      tokens: e.tokens,
      inPrompt: prompt !== null && !dropped.has(e.id),
    })),
    prompt,
    promptError,
  };
}

export function inspectedPrompt(
  assembled: Pick<ReturnType<typeof assemblePrompt>, "messages" | "budget" | "dropped" | "trimmed">,
  sent: boolean,
  assembleMs: number,
): InspectedPrompt {
  return {
    sent,
    messages: boundedMessages(assembled.messages),
    budget: assembled.budget,
    dropped: assembled.dropped,
    trimmed: assembled.trimmed,
    assembleMs,
  };
}
