// Building blocks the domains' schemas share. Only zod and constants here (see index.ts).
import { z } from "zod";
import { CONTROL_CHARACTER, MAX_TAG_CHARS } from "@lore/core/input-rules";

export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((id) => !CONTROL_CHARACTER.test(id), "An id must not contain control characters.");

/**
 * Free text (a search, a filter): any character but NUL, which PostgreSQL text cannot hold (the database would
 * refuse the statement, and the caller would see a server error for what is their input).
 */
export function freeText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((text) => !text.includes("\u0000"), "Remove the NUL character (\\u0000) from the text.");
}

export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TAG_CHARS)
  .refine((tag) => !CONTROL_CHARACTER.test(tag), "A tag must not contain control characters.");
