// Input schemas shared by the tRPC procedures and the forms that call them. Only zod here, so client
// components can import this file without pulling server code into the browser bundle.
import { z } from "zod";
import { roleSchema } from "./auth/roles";

export const idSchema = z.string().min(1).max(128);

export const listUsersInput = z.object({
  query: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z.string().optional(),
});

export const setRoleInput = z.object({ userId: idSchema, role: roleSchema });

export const groupNameSchema = z
  .string()
  .trim()
  .min(2, "A group name needs at least 2 characters.")
  .max(63, "A group name can have at most 63 characters.")
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "Use lowercase letters, digits, '-' and '_' (e.g. finance, people-team).");

export const createGroupInput = z.object({
  name: groupNameSchema,
  description: z.string().trim().max(500).optional(),
});

export const groupIdInput = z.object({ id: idSchema });
export const membershipInput = z.object({ groupId: idSchema, userId: idSchema });

export const listAuditInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  /** Entries strictly older than this id (ids increase with time). */
  cursor: z.string().regex(/^\d+$/).optional(),
});

export { roleSchema };

export const searchDebugInput = z.object({
  query: z.string().trim().min(1, "Type something to search for.").max(2000),
  /** Search as this user (their groups decide what is visible); default: the admin themself. */
  asUserId: z.string().min(1).max(128).optional(),
  k: z.number().int().min(1).max(50).default(8),
  mode: z.enum(["hybrid", "vector", "fulltext"]).default("hybrid"),
});
