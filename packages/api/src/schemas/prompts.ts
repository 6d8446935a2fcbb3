// Input schemas of the admin.prompts procedures: the prompt editor's form validates with the same ones.
import { z } from "zod";
import { idSchema } from "./common";

const between = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number.` })
    .min(min, `${label} is at least ${min}.`)
    .max(max, `${label} is at most ${max}.`);
const whole = (label: string, min: number, max: number) => between(label, min, max).int(`${label} must be a whole number.`);

export const retrievalParametersSchema = z.object({
  enabled: z.boolean(),
  mode: z.enum(["hybrid", "vector", "fulltext"]),
  k: whole("Passages (k)", 1, 20),
  refusalThreshold: between("The relevance threshold", 0, 1),
  /** null = search's default. */
  mmrLambda: between("MMR λ", 0, 1).nullable().optional(),
  fusion: z.enum(["relative_score", "rrf"]).nullable().optional(),
  vectorWeight: between("The vector weight", 0, 1).nullable().optional(),
  candidates: whole("Candidates per retriever", 1, 200).nullable().optional(),
});

export const budgetParametersSchema = z.object({
  /** null = the max output tokens. */
  reservedAnswerTokens: whole("Reserved answer tokens", 64, 32_000).nullable().optional(),
  safetyMargin: whole("The safety margin", 0, 32_000).nullable().optional(),
  examplesEnabled: z.boolean(),
  exampleMaxTokens: whole("Example max tokens", 0, 32_000),
  /** undefined = the answer mode's default; null = off. */
  standardAnswerThreshold: between("The standard-answer threshold", 0, 1).nullable().optional(),
  historyTurns: whole("History turns", 0, 20),
});

export const promptParametersSchema = z.object({
  name: z.string().trim().min(1, "Give the version a name.").max(100, "A name is at most 100 characters."),
  systemPrompt: z
    .string()
    .max(20_000, "The system prompt is at most 20,000 characters.")
    .refine((text) => text.trim() !== "", "Write a system prompt.")
    .refine((text) => !text.includes("\u0000"), "Remove the NUL character (\\u0000) from the text."),
  temperature: between("The temperature", 0, 2),
  maxOutputTokens: whole("Max output tokens", 64, 32_000),
  contextWindow: whole("The context window", 1024, 2_000_000),
  fewShotK: whole("Examples (k)", 0, 10),
  retrieval: retrievalParametersSchema,
  budget: budgetParametersSchema,
});

export const promptIdInput = z.object({ id: idSchema });

export const createPromptInput = z.object({
  basedOnId: idSchema,
  parameters: promptParametersSchema,
  notes: z.string().trim().max(500, "Notes are at most 500 characters.").nullable().optional(),
});

export const diffPromptsInput = z.object({ fromId: idSchema, toId: idSchema });
