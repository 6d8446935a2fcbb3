/**
 * The tRPC core: context, error formatting, the one mapping of core's errors to tRPC codes, and the three kinds
 * of procedure.
 *
 * Every procedure carries `meta.access` ("public" | "employee" | "admin"). The router tests iterate
 * over all procedures and check each one against its declared access, so a new procedure is
 * covered by the security tests the moment it is added.
 */
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { databaseError, isLoreError, type LoreErrorKind } from "@lore/core/errors";
import type { PrismaClient } from "@lore/db";
import { getPrisma } from "@lore/db/client";
import { parseRole, type Auth, type Role } from "./auth";

export const INTERNAL_MESSAGE = "Something went wrong on our side. Try again; if it keeps happening, tell your Lore admin.";

export type Access = "public" | "employee" | "admin";
export interface Meta {
  access: Access;
}

export interface CreateContextOptions {
  headers: Headers;
  auth: Auth;
  /** Defaults to the shared client for DATABASE_URL. */
  db?: PrismaClient;
}

export async function createTRPCContext({ headers, auth, db = getPrisma() }: CreateContextOptions) {
  const session = await auth.api.getSession({ headers });
  const user = session
    ? {
        id: session.user.id,
        name: session.user.name,
        email: session.user.email,
        role: parseRole((session.user as { role?: unknown }).role),
      }
    : null;
  // The apps' server sets X-Forwarded-For to the one client address it resolved (@lore/next/server).
  const ip = headers.get("x-forwarded-for");
  return { db, headers, user, sessionId: session?.session.id ?? null, ip };
}

export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter: ({ shape, error }) => ({
      ...shape,
      // Unexpected failures may carry SQL or driver text: the client gets a generic message (the
      // route handler logs the real one on the server).
      message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_MESSAGE : shape.message,
      data: {
        ...shape.data,
        // Field-level messages for forms; never a stack trace.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
        stack: undefined,
      },
    }),
  });

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** The tRPC code for each kind of `LoreError` the domain throws: the one place kinds become transport codes. */
export const LORE_ERROR_CODES = {
  bad_request: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  too_large: "PAYLOAD_TOO_LARGE",
  precondition_failed: "PRECONDITION_FAILED",
  forbidden: "FORBIDDEN",
  unavailable: "SERVICE_UNAVAILABLE",
} as const satisfies Record<LoreErrorKind, TRPC_ERROR_CODE_KEY>;

/**
 * A `LoreError` thrown by a procedure (tRPC wraps it as an internal error, the original in `cause`) becomes the
 * tRPC error its kind maps to, with its own message, written for the reader. Anything else is left as it is: a
 * TRPCError thrown on purpose keeps its code, and unexpected errors stay internal (their message is hidden).
 */
/** SQLSTATE of a statement cancelled, here by the statement timeout. */
const QUERY_CANCELED = "57014";
export const STATEMENT_TIMEOUT_MESSAGE =
  "The database took too long to answer, so Lore stopped waiting. Try again in a moment; if a search keeps timing out, make it narrower.";

const loreErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && isLoreError(result.error.cause)) {
    const error = result.error.cause;
    throw new TRPCError({ code: LORE_ERROR_CODES[error.kind], message: error.message, cause: error });
  }
  // A statement cancelled by the request path's statement timeout (LORE_STATEMENT_TIMEOUT_MS).
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && databaseError(result.error.cause)?.code === QUERY_CANCELED) {
    throw new TRPCError({ code: "TIMEOUT", message: STATEMENT_TIMEOUT_MESSAGE, cause: result.error.cause });
  }
  return result;
});

/** Every procedure starts here, so every one of them maps core's errors the same way. */
const baseProcedure = t.procedure.use(loreErrors);

export const publicProcedure = baseProcedure.meta({ access: "public" });

export const protectedProcedure = baseProcedure.meta({ access: "employee" }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = protectedProcedure.meta({ access: "admin" }).use(({ ctx, next }) => {
  const role: Role = ctx.user.role;
  if (role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "This needs the admin role." });
  return next();
});
