/**
 * Who may download an export: a signed-in admin, from the console's own pages. Downloads are GET navigations,
 * which carry no Origin header, so the browser's Sec-Fetch-Site says where they came from: another site's link
 * or form (cross-site, same-site) is refused, so no page elsewhere can make an admin's browser export (and audit)
 * on their behalf. A request with no such header (a script holding its own cookie) is not a browser's: allowed.
 */
import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { PrismaClient } from "@lore/db";
import type { Auth } from "../auth";
import { createTRPCContext } from "../trpc";

export interface ExportHandlerOptions {
  auth: Auth;
  /** The admin console's own origin (ADMIN_URL). */
  origin: string;
  db: PrismaClient;
}

export type Admin = { id: string; email: string };

export const refusal = (code: TRPC_ERROR_CODE_KEY, message: string) =>
  Response.json(
    { error: { code, message } },
    { status: getHTTPStatusCodeFromError(new TRPCError({ code })), headers: { "cache-control": "no-store" } },
  );

/** The admin making the request, or the refusal to send instead. */
export async function exportingAdmin(request: Request, { auth, origin, db }: ExportHandlerOptions): Promise<Admin | Response> {
  if (!fromConsole(request, origin))
    return refusal("FORBIDDEN", "Exports download from the admin console's own pages only: this request came from another site.");
  const { user } = await createTRPCContext({ headers: request.headers, auth, db });
  if (!user) return refusal("UNAUTHORIZED", "Sign in to continue.");
  if (user.role !== "admin") return refusal("FORBIDDEN", "This needs the admin role.");
  return { id: user.id, email: user.email };
}

function fromConsole(request: Request, origin: string): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const header = request.headers.get("origin");
  if (!header) return true;
  try {
    return new URL(header).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** A file download streamed from lines, a batch of lines a chunk, read only as fast as the client takes them. */
export function download(lines: AsyncGenerator<string>, { filename, type }: { filename: string; type: string }): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = "";
      while (chunk.length < 64 * 1024) {
        const next = await lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** The query string's parameters as one value each, and the repeated ones as lists. */
export function searchParams(request: Request): URLSearchParams {
  return new URL(request.url).searchParams;
}

/** A refusal for a bad query string, the messages of the fields that failed. */
export function badRequest(issues: { path: PropertyKey[]; message: string }[]): Response {
  return refusal(
    "BAD_REQUEST",
    issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; "),
  );
}
