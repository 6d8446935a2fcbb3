import { z } from "zod";

/** The fine-tuning export's options, shared by `admin.exports.finetunePreview`, the download route and the page. */
export const finetuneOptionsInput = z.object({
  /** Any text: the same seed gives the same train/validation split. */
  seed: z.string().trim().min(1, "Enter a seed, any word: the same seed gives the same split.").max(100, "At most 100 characters."),
  validationRatio: z.number().min(0, "Between 0 and 1.").max(0.9, "Keep at least a tenth for training (at most 0.9)."),
  withSources: z.boolean(),
});

export const finetuneFileSchema = z.enum(["train", "validation"]);
