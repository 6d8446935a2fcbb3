// The error formatter is what every client sees: unexpected failures must not leak driver or SQL text,
// while the explained codes keep their messages and forms get field-level zod errors. Core's LoreErrors become
// tRPC codes in one place, by kind.
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LoreError, type LoreErrorKind } from "@lore/core/errors";
import {
  STATEMENT_TIMEOUT_MESSAGE,
  adminProcedure,
  createCallerFactory,
  createTRPCRouter,
  INTERNAL_MESSAGE,
  LORE_ERROR_CODES,
  protectedProcedure,
  publicProcedure,
  type Context,
} from "./trpc";

const router = createTRPCRouter({
  boom: publicProcedure.query(() => {
    throw new Error('relation "users" does not exist at SELECT * FROM users WHERE password = ...');
  }),
  conflict: publicProcedure.query(() => {
    throw new TRPCError({ code: "CONFLICT", message: "A group with that name already exists." });
  }),
  validated: publicProcedure.input(z.object({ name: z.string().min(3, "Too short.") })).query(({ input }) => input.name),
});

async function call(path: string, input?: unknown) {
  const url = new URL(`http://localhost/api/trpc/${path}`);
  if (input !== undefined) url.searchParams.set("input", JSON.stringify({ json: input }));
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url),
    router,
    createContext: () => ({}) as Context,
  });
  return {
    status: response.status,
    body: (await response.json()) as { error: { json: { message: string; data: Record<string, unknown> } } },
  };
}

describe("error formatting", () => {
  it("hides the message of unexpected errors", async () => {
    const { status, body } = await call("boom");
    expect(status).toBe(500);
    expect(body.error.json.message).toBe(INTERNAL_MESSAGE);
    expect(JSON.stringify(body)).not.toMatch(/SELECT|password|relation/);
  });

  it("keeps explained errors and never sends a stack", async () => {
    const { status, body } = await call("conflict");
    expect(status).toBe(409);
    expect(body.error.json.message).toBe("A group with that name already exists.");
    expect(body.error.json.data.stack ?? null).toBeNull();
  });

  it("gives forms field-level validation messages", async () => {
    const { status, body } = await call("validated", { name: "x" });
    expect(status).toBe(400);
    expect(body.error.json.data.zodError).toMatchObject({ fieldErrors: { name: ["Too short."] } });
  });
});

/** A domain error as core declares one: a LoreError subclass with its own codes. */
class WidgetError extends LoreError<"WIDGET"> {
  override readonly name = "WidgetError";
}

const throwing = (error: unknown) => () => {
  throw error;
};

describe("LoreError → tRPC code", () => {
  const table: [LoreErrorKind, string, number][] = [
    ["bad_request", "BAD_REQUEST", 400],
    ["not_found", "NOT_FOUND", 404],
    ["conflict", "CONFLICT", 409],
    ["too_large", "PAYLOAD_TOO_LARGE", 413],
    ["precondition_failed", "PRECONDITION_FAILED", 412],
    ["forbidden", "FORBIDDEN", 403],
    ["unavailable", "SERVICE_UNAVAILABLE", 503],
  ];

  it("has one code for every kind", () => {
    expect(LORE_ERROR_CODES).toEqual(Object.fromEntries(table.map(([kind, code]) => [kind, code])));
  });

  it.each(table)("%s becomes %s (HTTP %d) with the error's own message", async (kind, code, status) => {
    const error = new WidgetError("WIDGET", kind, `The widget says ${kind}.`);
    const caller = createCallerFactory(createTRPCRouter({ fail: publicProcedure.query(throwing(error)) }))({} as Context);
    const thrown = await caller.fail().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(TRPCError);
    expect(thrown).toMatchObject({ code, message: `The widget says ${kind}.` });
    expect((thrown as TRPCError).cause).toBe(error);

    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/fail"),
      router: createTRPCRouter({ fail: publicProcedure.query(throwing(error)) }),
      createContext: () => ({}) as Context,
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { json: { message: string } } }).error.json.message).toBe(`The widget says ${kind}.`);
  });

  it("applies to every kind of procedure: public, employee and admin", async () => {
    const error = new LoreError("TAKEN", "conflict", "That name is taken.");
    const router = createTRPCRouter({
      asPublic: publicProcedure.mutation(throwing(error)),
      asEmployee: protectedProcedure.mutation(throwing(error)),
      asAdmin: adminProcedure.mutation(throwing(error)),
    });
    const admin = { user: { id: "u1", name: "Admin", email: "admin@test.lore", role: "admin" } } as Context;
    const caller = createCallerFactory(router)(admin);
    for (const call of [caller.asPublic, caller.asEmployee, caller.asAdmin]) {
      await expect(call()).rejects.toMatchObject({ code: "CONFLICT", message: "That name is taken.", cause: error });
    }
    // The access checks still come first.
    await expect(createCallerFactory(router)({ user: null } as Context).asEmployee()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("leaves other errors as they are", async () => {
    const onPurpose = new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: "Slow down.",
      cause: new LoreError("BUSY", "unavailable", "Busy."),
    });
    const caller = createCallerFactory(
      createTRPCRouter({ plain: publicProcedure.query(throwing(new Error("boom"))), trpc: publicProcedure.query(throwing(onPurpose)) }),
    )({} as Context);
    await expect(caller.plain()).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    await expect(caller.trpc()).rejects.toBe(onPurpose);
  });

  it("explains a statement cut off by the statement timeout", async () => {
    const { Prisma } = await import("@lore/db");
    const timedOut = new Prisma.PrismaClientKnownRequestError("canceling statement due to statement timeout", {
      code: "P2010",
      clientVersion: "test",
      meta: { driverAdapterError: { cause: { originalCode: "57014", originalMessage: "canceling statement due to statement timeout" } } },
    });
    const caller = createCallerFactory(createTRPCRouter({ slow: publicProcedure.query(throwing(timedOut)) }))({} as Context);
    await expect(caller.slow()).rejects.toMatchObject({ code: "TIMEOUT", message: STATEMENT_TIMEOUT_MESSAGE });
  });
});
