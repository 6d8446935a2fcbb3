import { z } from "zod";
import { freeText, idSchema } from "./common";

export const groupNameSchema = z
  .string()
  .trim()
  .min(2, "A group name needs at least 2 characters.")
  .max(63, "A group name can have at most 63 characters.")
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "Use lowercase letters, digits, '-' and '_' (e.g. finance, people-team).");

export const createGroupInput = z.object({
  name: groupNameSchema,
  description: freeText(500).optional(),
});

export const groupIdInput = z.object({ id: idSchema });
export const membershipInput = z.object({ groupId: idSchema, userId: idSchema });
