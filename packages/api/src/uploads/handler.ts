/**
 * `POST /api/uploads`, the admin app's upload route: files sent as multipart/form-data, stored part by part as
 * they arrive (never held whole) and queued for import, through the same core function as `documents.upload`.
 *
 * The form: the optional fields `groups` and `tags` first, each a JSON array of strings, with the meaning
 * `documents.upload` gives them (left out: a new document is for everyone and untagged, an updated one keeps
 * its own); then the files, one part each, under the name `files`. The reply is `{ jobId }` (200), or
 * `{ error: { code, message } }` with a message written for the admin: 401 signed out, 403 not an admin or not
 * from the admin console's origin, 415 not a multipart form, 400 a bad field or form, 413 a file or the upload
 * past its limit (core's TOO_LARGE and TOO_MANY_FILES), 500 anything unexpected (logged here). A refused or
 * failed upload leaves no job and no stored bytes.
 */
import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { isLoreError } from "@lore/core/errors";
import { enqueueIngestion, uploadLimits, type UploadFile, type UploadLimits } from "@lore/core/knowledge-base";
import { getJobQueue } from "@lore/core/queue";
import type { PrismaClient } from "@lore/db";
import { getPrisma } from "@lore/db/client";
import type { Auth } from "../auth";
import { uploadAccessInput } from "../schemas";
import { createTRPCContext, INTERNAL_MESSAGE, LORE_ERROR_CODES } from "../trpc";
import { FormError, readForm, type FormLimits, type FormPart } from "./multipart";

export interface UploadHandlerOptions {
  auth: Auth;
  /** The admin console's own origin (ADMIN_URL): a request from any other is refused, so no other site can post here. */
  origin: string;
  /** Defaults to the shared client for DATABASE_URL. */
  db?: PrismaClient;
}

type FilePart = Extract<FormPart, { kind: "file" }>;
type AccessFields = { groups?: string[]; tags?: string[] };

const FIELDS = new Set(["groups", "tags"]);

const reply = (status: number, body: unknown) => Response.json(body, { status, headers: { "cache-control": "no-store" } });
const refusal = (code: TRPC_ERROR_CODE_KEY, message: string) =>
  reply(getHTTPStatusCodeFromError(new TRPCError({ code })), { error: { code, message } });

/** The route handler (export it as POST). */
export function createUploadHandler(options: UploadHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await upload(request, options);
    } catch (error) {
      return errorReply(error);
    }
  };
}

async function upload(request: Request, { auth, origin, db = getPrisma() }: UploadHandlerOptions): Promise<Response> {
  if (!sameOrigin(request.headers.get("origin"), origin)) {
    return refusal("FORBIDDEN", "Uploads are accepted from the admin console's own pages only: this request did not come from them.");
  }
  const { user } = await createTRPCContext({ headers: request.headers, auth, db });
  if (!user) return refusal("UNAUTHORIZED", "Sign in to continue.");
  if (user.role !== "admin") return refusal("FORBIDDEN", "This needs the admin role.");

  const limits = uploadLimits();
  const parts = readForm(request.body, request.headers, formLimits(limits));
  try {
    const { fields, firstFile } = await readFields(parts);
    const files = firstFile ? formFiles(firstFile, parts) : [];
    const { jobId } = await enqueueIngestion(db, await getJobQueue(db), { ...fields, files, createdById: user.id });
    return reply(200, { jobId });
  } finally {
    await parts.return(undefined); // stops reading the body, whatever happened
  }
}

/** The Origin header is the console's own (as better-auth checks it): a missing or opaque ("null") one is not. */
function sameOrigin(header: string | null, origin: string): boolean {
  if (!header || header === "null") return false;
  try {
    return new URL(header).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** The parser's limits: one file and one byte more than the upload's, so that core refuses with its own message. */
function formLimits(limits: UploadLimits): FormLimits {
  return { files: limits.maxFiles + 1, fileBytes: limits.maxFileBytes + 1, fields: FIELDS.size, fieldBytes: 64 * 1024 };
}

/** The fields before the first file, checked; and that file, if any. */
async function readFields(parts: AsyncIterator<FormPart>): Promise<{ fields: AccessFields; firstFile?: FilePart }> {
  const raw: Record<string, string[]> = {};
  for (;;) {
    const next = await parts.next();
    if (next.done) return { fields: accessFields(raw) };
    if (next.value.kind === "file") return { fields: accessFields(raw), firstFile: next.value };
    const { name, value } = next.value;
    if (!FIELDS.has(name)) throw new FormError("BAD_REQUEST", `Unknown form field "${name}": send groups, tags and files.`);
    if (name in raw) throw new FormError("BAD_REQUEST", `The form field "${name}" is given twice: send it once, as a JSON array.`);
    raw[name] = stringList(name, value);
  }
}

/** `groups` and `tags` under the rules `documents.upload` applies to them. */
function accessFields(raw: Record<string, string[]>): AccessFields {
  const checked = uploadAccessInput.safeParse(raw);
  if (checked.success) return checked.data;
  throw new FormError("BAD_REQUEST", checked.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
}

function stringList(name: string, value: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
    throw new FormError("BAD_REQUEST", `The form field "${name}" must be a JSON array of strings, such as ["people-team"].`);
  }
  return parsed;
}

/** The files of the form, from `first` on, as core reads them: one at a time, each read to its end before the next. */
async function* formFiles(first: FilePart, parts: AsyncIterator<FormPart>): AsyncGenerator<UploadFile> {
  for (let part: FormPart | undefined = first; part;) {
    if (part.kind === "field") throw new FormError("BAD_REQUEST", `Put the form field "${part.name}" before the files.`);
    if (part.field !== "files") throw new FormError("BAD_REQUEST", `Send the files under the form field "files", not "${part.field}".`);
    yield { name: part.filename.trim(), chunks: part.bytes };
    const next = await parts.next();
    part = next.done ? undefined : next.value;
  }
}

/** Core's refusals with their own code and message, the form's with theirs; anything else is logged and hidden. */
function errorReply(error: unknown): Response {
  if (error instanceof FormError) return refusal(error.code, error.message);
  if (isLoreError(error)) {
    const status = getHTTPStatusCodeFromError(new TRPCError({ code: LORE_ERROR_CODES[error.kind] }));
    return reply(status, { error: { code: error.code, message: error.message } });
  }
  console.error("POST /api/uploads failed:", error);
  return refusal("INTERNAL_SERVER_ERROR", INTERNAL_MESSAGE);
}
