/**
 * What an evaluation set may hold: shared by the domain, the API's zod schemas and the console's forms, so it is
 * browser-safe (zod and constants only; re-exported from `@lore/core/input-rules`).
 */
import { z } from "zod";
import { CONTROL_CHARACTER } from "../ingest/normalize";

/** Cases in one set: the largest public set used here (xquad, 1,190 questions) with room to spare. */
export const MAX_EVAL_CASES_PER_SET = 2_000;
export const MAX_EVAL_SET_NAME_CHARS = 120;
export const MAX_EVAL_SET_DESCRIPTION_CHARS = 2_000;
export const MAX_EVAL_CASE_ID_CHARS = 200;
export const MAX_EVAL_QUESTION_CHARS = 4_000;
/** A ConditionalQA scenario (govuk-policies) is asked before its question. */
export const MAX_EVAL_SCENARIO_CHARS = 8_000;
export const MAX_EVAL_ANSWER_CHARS = 4_000;
export const MAX_EVAL_ANSWERS = 20;
export const MAX_EVAL_SOURCE_IDS = 50;
export const MAX_EVAL_SOURCE_ID_CHARS = 512;
/** One import call's JSONL text. The console batches a file by its size as sent (UTF-8 after JSON escaping), so a call stays under tRPC's 1 MB body cap in any script. */
export const MAX_EVAL_IMPORT_CHARS = 600_000;

/** Text a person typed: trimmed, bounded, never NUL (PostgreSQL text cannot hold it). */
export const evalText = (field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${field} is longer than ${max.toLocaleString("en")} characters`)
    .refine((value) => !value.includes("\u0000"), `${field} contains a NUL character`);

/** An id (a case's own, a document's external id): one line, no control characters. */
export const evalId = (field: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${field} is empty`)
    .max(max, `${field} is longer than ${max} characters`)
    .refine((value) => !CONTROL_CHARACTER.test(value), `${field} contains a control character`);

/** The fields of one case as people write them (the JSONL line's names, those of `../shared/datasets/*\/questions.jsonl`). */
export const evalCaseFields = z.object({
  question: evalText("question", MAX_EVAL_QUESTION_CHARS).pipe(z.string().min(1, "question is empty")),
  scenario: evalText("scenario", MAX_EVAL_SCENARIO_CHARS).optional(),
  answers: z.array(evalText("an answer", MAX_EVAL_ANSWER_CHARS)).max(MAX_EVAL_ANSWERS, `at most ${MAX_EVAL_ANSWERS} answers`).default([]),
  source_ids: z
    .array(evalId("a source id", MAX_EVAL_SOURCE_ID_CHARS))
    .max(MAX_EVAL_SOURCE_IDS, `at most ${MAX_EVAL_SOURCE_IDS} source ids`)
    .default([]),
  answerable: z.boolean().default(true),
});
export type EvalCaseFields = z.output<typeof evalCaseFields>;
export type EvalCaseFieldsInput = z.input<typeof evalCaseFields>;
