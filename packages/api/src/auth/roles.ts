import { z } from "zod";

/** The two roles Lore knows. Stored as text in users.role (a CHECK constraint guards the values). */
export const ROLES = ["employee", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Reads a user's role defensively: anything unexpected is treated as the least privileged role. */
export function parseRole(value: unknown): Role {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : "employee";
}
