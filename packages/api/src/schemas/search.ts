import { z } from "zod";
import { CONTROL_CHARACTER, MAX_SOURCE_CHARS } from "@lore/core/input-rules";
import { freeText, idSchema, tagSchema } from "./common";

/** Search's filters (packages/core retrieve/search.ts `SearchFilters`). */
export const searchFiltersSchema = z
  .object({
    sources: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(MAX_SOURCE_CHARS)
          .refine((source) => !CONTROL_CHARACTER.test(source), "A source must not contain control characters."),
      )
      .min(1)
      .max(20)
      .optional(),
    tags: z.array(tagSchema).min(1).max(50).optional(),
    updatedAfter: z.date().optional(),
    updatedBefore: z.date().optional(),
  })
  .refine((f) => !(f.updatedAfter && f.updatedBefore && f.updatedAfter > f.updatedBefore), {
    message: "The start date is after the end date: no document could match.",
    path: ["updatedBefore"],
  });

export const searchDebugInput = z.object({
  query: freeText(2000).pipe(z.string().min(1, "Type something to search for.")),
  /** Search as this user (their groups decide what is visible); default: the admin themself. */
  asUserId: idSchema.optional(),
  k: z.number().int().min(1).max(50).default(8),
  mode: z.enum(["hybrid", "vector", "fulltext"]).default("hybrid"),
  /** Try another fusion than the configured one (LORE_SEARCH_FUSION / LORE_SEARCH_VECTOR_WEIGHT). */
  fusion: z.enum(["relative_score", "rrf"]).optional(),
  vectorWeight: z.number().min(0, "The vector weight is between 0 and 1.").max(1, "The vector weight is between 0 and 1.").optional(),
  /** Narrow the search: documents from these sources, carrying any of these tags, last changed within these instants. */
  filters: searchFiltersSchema.optional(),
});
