import { z } from "zod";
import { roleSchema } from "../auth/roles";
import { freeText, idSchema } from "./common";

export const listUsersInput = z.object({
  query: freeText(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: idSchema.optional(),
});

export const setRoleInput = z.object({ userId: idSchema, role: roleSchema });

export { roleSchema };
