// The error formatter is what every client sees: unexpected failures must not leak driver or SQL text,
// while the explained codes keep their messages and forms get field-level zod errors.
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTRPCRouter, INTERNAL_MESSAGE, publicProcedure, type Context } from "./trpc";

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
  return { status: response.status, body: (await response.json()) as { error: { json: { message: string; data: Record<string, unknown> } } } };
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
