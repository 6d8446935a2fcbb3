import { z } from "zod";
import { roleSchema } from "../auth/roles";
import { freeText, idSchema } from "./common";

export const userStatusSchema = z.enum(["active", "deactivated"]);

export const listUsersInput = z.object({
  query: freeText(200).optional(),
  status: userStatusSchema.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: idSchema.optional(),
});

export const setRoleInput = z.object({ userId: idSchema, role: roleSchema });

/** Deactivate or reactivate one user. */
export const userStatusInput = z.object({ userId: idSchema });

/** The same password rules as sign-in (packages/api/src/auth: 10 to 128 characters). */
export const createUserInput = z.object({
  email: z.email("Enter an email address, like name@example.com.").max(254),
  name: z.string().trim().min(1, "Enter the person's name.").max(100, "At most 100 characters."),
  password: z.string().min(10, "At least 10 characters.").max(128, "At most 128 characters."),
  role: roleSchema.default("employee"),
});

export { roleSchema };
