// Input schemas of the admin.examples procedures (issue 26).
import { z } from "zod";
import { freeText, idSchema, tagSchema } from "./common";

// The same limits as core's JSONL import (fewshot/jsonl.ts); kept here as numbers so the browser bundle stays free
// of server code (see index.ts).
export const MAX_EXAMPLE_QUESTION_CHARS = 2_000;
export const MAX_EXAMPLE_ANSWER_CHARS = 20_000;

/** An import call's text: under tRPC's 1 MB body cap with room for JSON escaping, so big files go in batches. */
export const MAX_EXAMPLE_IMPORT_CHARS = 400_000;

const questionSchema = freeText(MAX_EXAMPLE_QUESTION_CHARS).pipe(z.string().min(1, "Write the question."));
const answerSchema = freeText(MAX_EXAMPLE_ANSWER_CHARS).pipe(z.string().min(1, "Write the ideal answer."));

export const exampleFieldsInput = z.object({
  question: questionSchema,
  answer: answerSchema,
  tags: z.array(tagSchema).max(50).default([]),
  documentIds: z.array(idSchema).max(50).default([]),
  pinned: z.boolean().default(false),
  enabled: z.boolean().default(true),
});

export const listExamplesInput = z.object({
  query: freeText(200).optional(),
  tag: tagSchema.optional(),
  enabled: z.boolean().optional(),
  pinned: z.boolean().optional(),
  stale: z.boolean().optional(),
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const exampleIdInput = z.object({ id: idSchema });

export const createExampleInput = exampleFieldsInput.extend({
  /** The inbox item this example answers: marked converted with it, or nothing is saved. */
  feedbackId: idSchema.optional(),
});

export const updateExampleInput = exampleFieldsInput.extend({ id: idSchema });

export const setExampleFlagsInput = z
  .object({ id: idSchema, pinned: z.boolean().optional(), enabled: z.boolean().optional() })
  .refine((input) => input.pinned !== undefined || input.enabled !== undefined, "Say what to change: pinned or enabled.");

export const importExamplesInput = z.object({
  text: z.string().min(1, "The file is empty.").max(MAX_EXAMPLE_IMPORT_CHARS, "Send at most 400,000 characters per call."),
  /** The number of this batch's first line in the whole file, so errors name the file's lines. */
  firstLine: z.number().int().min(1).default(1),
});

export const exportExamplesInput = z.object({ cursor: idSchema.optional() });

export const tryExamplesInput = z.object({
  question: freeText(MAX_EXAMPLE_QUESTION_CHARS).pipe(z.string().min(1, "Write a question to try.")),
  asUserId: idSchema,
});
