// Input schemas of the admin.inspector procedures.
import { z } from "zod";
import { freeText, idSchema } from "./common";

export const inspectorAskInput = z
  .object({
    question: freeText(4000).pipe(z.string().min(1, "Type a question.")),
    /** Ask as this user; or as a member of exactly these groups (no user); neither: as yourself. */
    asUserId: idSchema.optional(),
    asGroupIds: z.array(idSchema).max(20, "Pick at most 20 groups.").optional(),
    /** Answer with this prompt version instead of the active one. */
    promptConfigId: idSchema.optional(),
  })
  .refine((input) => !(input.asUserId && input.asGroupIds), { message: "Ask as a user or as groups, not both.", path: ["asGroupIds"] });

export const inspectorTraceInput = z.object({ messageId: idSchema });
