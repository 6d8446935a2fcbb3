// Security tests that cover every procedure automatically: each one declares its access level in
// `meta.access`, and here every procedure is called as anonymous, employee and admin.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root";
import type { Access } from "./trpc";
import { useHarness, type Harness } from "../test/harness";

type AnyProcedure = { _def: { meta?: { access?: Access }; type: string } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

/** Calls a procedure by its dotted path with an empty input and returns the tRPC error code, if any. */
async function codeOf(caller: unknown, path: string): Promise<string | null> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input?: unknown,
  ) => Promise<unknown>;
  try {
    await fn({});
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const h = useHarness();
let employee: Awaited<ReturnType<Harness["createUser"]>>;
let admin: Awaited<ReturnType<Harness["createUser"]>>;

beforeAll(async () => {
  employee = await h.createUser("employee");
  admin = await h.createUser("admin");
});

describe("every procedure declares and enforces its access level", () => {
  it("the router has procedures, each with meta.access", () => {
    expect(procedures.length).toBeGreaterThan(5);
    for (const [path, procedure] of procedures) {
      expect(
        procedure._def.meta?.access,
        `${path} has no meta.access — build it from publicProcedure, protectedProcedure or adminProcedure`,
      ).toBeDefined();
    }
  });

  it("everything under admin.* is admin-only", () => {
    const adminPaths = procedures.filter(([path]) => path.startsWith("admin."));
    expect(adminPaths.length).toBeGreaterThan(3);
    for (const [path, procedure] of adminPaths) expect(procedure._def.meta?.access, path).toBe("admin");
  });

  it.each(procedures.filter(([, p]) => p._def.meta?.access !== "public").map(([path]) => path))(
    "anonymous call to %s → UNAUTHORIZED",
    async (path) => {
      expect(await codeOf(await h.callerFor(), path)).toBe("UNAUTHORIZED");
    },
  );

  it.each(procedures.filter(([, p]) => p._def.meta?.access === "admin").map(([path]) => path))(
    "employee call to %s → FORBIDDEN",
    async (path) => {
      expect(await codeOf(await h.callerFor(employee.cookie), path)).toBe("FORBIDDEN");
    },
  );

  it.each(procedures.filter(([, p]) => p._def.meta?.access === "admin").map(([path]) => path))(
    "admin call to %s passes the access check",
    async (path) => {
      const code = await codeOf(await h.callerFor(admin.cookie), path);
      expect(code === null || !["UNAUTHORIZED", "FORBIDDEN"].includes(code)).toBe(true);
    },
  );

  it("a forged or expired session cookie is anonymous", async () => {
    expect(await codeOf(await h.callerFor("lore.session_token=forged.value"), "session.me")).toBe("UNAUTHORIZED");
  });

  it("demoting an admin takes effect on their next call (no stale role in the session)", async () => {
    const other = await h.createUser("admin");
    const caller = await h.callerFor(other.cookie);
    await expect(caller.admin.groups.list()).resolves.toBeInstanceOf(Array);
    await h.db.user.update({ where: { id: other.id }, data: { role: "employee" } });
    expect(await codeOf(await h.callerFor(other.cookie), "admin.groups.list")).toBe("FORBIDDEN");
  });
});
