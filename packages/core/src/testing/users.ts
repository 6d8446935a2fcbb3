// Users for the tests that need an actor, an uploader or a reader: each with its own id and email.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@lore/db";

/** Creates a user with a unique id and email (`<id>@test.lore`); an employee unless `role` says otherwise. */
export function createTestUser(db: PrismaClient, options: { role?: "employee" | "admin"; name?: string } = {}) {
  const id = randomUUID();
  return db.user.create({ data: { id, name: options.name ?? "Test User", email: `${id}@test.lore`, role: options.role ?? "employee" } });
}
