// Input schemas of the admin.evaluations procedures (issue 27); the workbench's forms validate with the same ones.
import { z } from "zod";
import {
  MAX_EVAL_ANSWER_CHARS,
  MAX_EVAL_ANSWERS,
  MAX_EVAL_CASE_ID_CHARS,
  MAX_EVAL_IMPORT_CHARS,
  MAX_EVAL_SET_DESCRIPTION_CHARS,
  MAX_EVAL_SET_NAME_CHARS,
  MAX_EVAL_SOURCE_ID_CHARS,
  MAX_EVAL_SOURCE_IDS,
  RunConfigSchema,
  evalCaseFields,
} from "@lore/core/input-rules";
import { freeText, idSchema } from "./common";

const setName = freeText(MAX_EVAL_SET_NAME_CHARS).pipe(z.string().min(1, "Name the set."));
const setDescription = freeText(MAX_EVAL_SET_DESCRIPTION_CHARS).nullable();
const page = { cursor: idSchema.optional(), limit: z.number().int().min(1).max(100).default(50) };
/** A case's own id (the JSONL `id`), unique in its set. */
const caseExternalId = freeText(MAX_EVAL_CASE_ID_CHARS).pipe(z.string().min(1)).optional();

export const evalSetIdInput = z.object({ id: idSchema });
export const createEvalSetInput = z.object({ name: setName, description: setDescription.optional() });
export const updateEvalSetInput = z
  .object({ id: idSchema, name: setName.optional(), description: setDescription.optional() })
  .refine((input) => input.name !== undefined || input.description !== undefined, "Say what to change: the name or the description.");

export const importEvalCasesInput = z.object({
  setId: idSchema,
  text: z
    .string()
    .min(1, "The file is empty.")
    .max(
      MAX_EVAL_IMPORT_CHARS,
      `Send at most ${MAX_EVAL_IMPORT_CHARS.toLocaleString("en")} characters: split a larger file into several sets.`,
    ),
  /** The number of the text's first line in the whole file, so errors name the file's lines. */
  firstLine: z.number().int().min(1).default(1),
});
export const exportEvalCasesInput = z.object({ setId: idSchema, cursor: idSchema.optional() });

export const listEvalCasesInput = z.object({
  setId: idSchema,
  query: freeText(200).optional(),
  /** Only the cases this run failed. */
  failedInRunId: idSchema.optional(),
  ...page,
});
export const evalCaseIdInput = z.object({ id: idSchema });
export const createEvalCaseInput = evalCaseFields.extend({ setId: idSchema, externalId: caseExternalId });
export const updateEvalCaseInput = evalCaseFields.extend({ id: idSchema, externalId: caseExternalId });
export const evalCaseFromFeedbackInput = z.object({
  setId: idSchema,
  feedbackId: idSchema,
  /** What the answer should have said (at least one). */
  answers: z
    .array(freeText(MAX_EVAL_ANSWER_CHARS).pipe(z.string().min(1)))
    .min(1, "Write the expected answer.")
    .max(MAX_EVAL_ANSWERS),
  /** Default: the external ids of the documents the rated answer cited. */
  sourceIds: z
    .array(freeText(MAX_EVAL_SOURCE_ID_CHARS).pipe(z.string().min(1)))
    .max(MAX_EVAL_SOURCE_IDS)
    .optional(),
  externalId: caseExternalId,
});

export const listEvalRunsInput = z.object({
  setId: idSchema.optional(),
  ladderId: idSchema.optional(),
  status: z.enum(["queued", "running", "succeeded", "failed", "canceled"]).optional(),
  ...page,
  limit: z.number().int().min(1).max(100).default(25),
});
export const evalRunIdInput = z.object({ id: idSchema });
export const startEvalRunInput = z.object({
  setId: idSchema,
  /** The run configuration (eval/run-config.ts); for the ladder, the base every rung keeps. */
  config: RunConfigSchema.optional(),
  label: freeText(MAX_EVAL_SET_NAME_CHARS).optional(),
  /** Grade the answers with the configured model as a judge too. */
  judge: z.boolean().default(false),
});
export const cancelEvalRunInput = z
  .object({ id: idSchema.optional(), ladderId: idSchema.optional() })
  .refine((input) => (input.id === undefined) !== (input.ladderId === undefined), "Name a run (id) or a ladder (ladderId).");
/** The most cases a results page can be narrowed to (a "what to do next" item's link; the URL carries them). */
export const MAX_RESULT_CASE_FILTER = 200;
export const evalResultsInput = z.object({
  runId: idSchema,
  failedOnly: z.boolean().default(false),
  caseIds: z.array(idSchema).max(MAX_RESULT_CASE_FILTER).optional(),
  ...page,
});
export const evalResultIdInput = z.object({ id: idSchema });
export const compareEvalRunsInput = z.object({
  runIds: z
    .array(idSchema)
    .min(2, "Pick at least two runs.")
    .max(6, "Compare at most six runs.")
    .refine((ids) => new Set(ids).size === ids.length, "Pick each run once."),
});
export const evalNextStepsInput = z.object({ runId: idSchema, baseRunId: idSchema.optional() });
