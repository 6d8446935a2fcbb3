// Input schemas of the admin.feedback procedures (issue 26).
import { z } from "zod";
import { idSchema } from "./common";

export const listFeedbackInput = z.object({
  status: z.enum(["new", "dismissed", "converted"]).default("new"),
  rating: z.union([z.literal(1), z.literal(-1)]).optional(),
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const feedbackIdInput = z.object({ id: idSchema });
