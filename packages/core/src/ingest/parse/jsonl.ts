/**
 * JSONL: one record per line, `{"id", "title", "text" | "html", "url"?, "language"?}`, the format for
 * bulk exports from systems we have no file parser for. A bad line is reported with its line number
 * and the other records are still imported.
 */
import { z } from "zod";
import { externalIdProblem, normaliseInline, normaliseLanguage, normaliseText } from "../normalize";
import { IngestError, type ParseContext, type ParseResult, type ParsedDocument } from "../types";
import { htmlToMarkdown } from "./html";
import { firstHeading, parseMarkdownTree } from "./markdown-tree";
import { neutralise } from "./neutralise";

const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

export const JsonlRecordSchema = z
  .object({
    id: z
      .union([z.string(), z.number().int()], { error: 'needs an "id" (a string or an integer)' })
      .transform((v) => String(v).normalize("NFC").trim())
      .pipe(
        z
          .string()
          .min(1, { error: '"id" must not be empty' })
          .superRefine((id, ctx) => {
            const problem = externalIdProblem(id);
            if (problem) ctx.addIssue({ code: "custom", message: `"id" ${problem}` });
          }),
      ),
    title: optionalString,
    text: optionalString,
    html: optionalString,
    // Only web links: the url is rendered as a link next to citations, so `javascript:` and friends must
    // never get through.
    url: z
      .url({ protocol: /^https?$/, error: '"url" must be an http(s) URL' })
      .nullish()
      .transform((v) => v ?? undefined),
    language: optionalString,
  })
  .refine((r) => (r.text === undefined) !== (r.html === undefined), { error: 'needs exactly one of "text" or "html"' });

export type JsonlRecord = z.output<typeof JsonlRecordSchema>;

/**
 * Bad lines reported one by one; past this many they are only counted, in one last error. A file of millions
 * of bad lines (the wrong file, say) would otherwise make an error list too large to store with the job.
 */
export const MAX_LINE_ERRORS = 100;

export function parseJsonl(source: string, ctx: ParseContext): ParseResult {
  const documents: ParsedDocument[] = [];
  const errors: IngestError[] = [];
  let unlisted = 0;
  const report = (error: IngestError) => {
    if (errors.length < MAX_LINE_ERRORS) errors.push(error);
    else unlisted += 1;
  };
  const firstLineOfId = new Map<string, number>();
  const lines = source.split("\n");
  let nonBlank = 0;

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === "") return;
    nonBlank++;
    const bad = (message: string, externalId?: string) =>
      report(
        new IngestError(
          "INVALID_RECORD",
          ctx.name,
          `"${ctx.name}" line ${lineNo}${externalId ? ` (id "${externalId}")` : ""}: ${message}`,
          {
            line: lineNo,
            ...(externalId ? { externalId } : {}),
          },
        ),
      );

    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      bad(`is not valid JSON (${(err as Error).message}). Each line must be one complete JSON object.`);
      return;
    }
    const parsed = JsonlRecordSchema.safeParse(json);
    if (!parsed.success) {
      const rawId = (json as { id?: unknown } | null)?.id;
      // Named in the message to help find the line, shortened: it may be the very problem (far too long).
      const idGuess = typeof rawId === "string" ? (rawId.length > 80 ? `${rawId.slice(0, 80)}…` : rawId) : undefined;
      bad(describeIssues(parsed.error), idGuess);
      return;
    }
    const record = parsed.data;
    const seenOn = firstLineOfId.get(record.id);
    if (seenOn !== undefined) {
      report(
        new IngestError(
          "DUPLICATE_ID",
          ctx.name,
          `"${ctx.name}" line ${lineNo}: id "${record.id}" was already used on line ${seenOn}; ids must be unique, so this record was skipped.`,
          {
            line: lineNo,
            externalId: record.id,
          },
        ),
      );
      return;
    }
    firstLineOfId.set(record.id, lineNo);

    const doc = toDocument(record);
    if (doc.text === "") {
      bad(`has no text to import${record.html !== undefined ? " once navigation, scripts and styles are removed" : ""}.`, record.id);
      return;
    }
    documents.push(doc);
  });

  if (nonBlank === 0) throw new IngestError("EMPTY", ctx.name, `"${ctx.name}" has no records (every line is blank).`);
  if (unlisted > 0) {
    const more = unlisted.toLocaleString("en");
    errors.push(
      new IngestError(
        "INVALID_RECORD",
        ctx.name,
        `"${ctx.name}": ${more} more bad line${unlisted === 1 ? " was" : "s were"} skipped, not listed here (the first ${MAX_LINE_ERRORS} are). Is it a JSONL export?`,
      ),
    );
  }
  return { documents, errors };
}

function toDocument(record: JsonlRecord): ParsedDocument {
  const explicitTitle = record.title === undefined ? "" : normaliseInline(record.title);
  let text: string;
  let derivedTitle: string | undefined;
  let language = normaliseLanguage(record.language);
  let mimeType: string;
  if (record.html !== undefined) {
    const converted = htmlToMarkdown(record.html);
    text = converted.markdown;
    derivedTitle = converted.title;
    language ??= converted.language;
    mimeType = "text/html";
  } else {
    const clean = neutralise(normaliseText(record.text ?? ""), "markdown");
    text = clean.text;
    derivedTitle = explicitTitle === "" && text !== "" ? firstHeading(clean.tree ?? parseMarkdownTree(text)) : undefined;
    mimeType = "text/markdown";
  }
  return {
    externalId: record.id,
    title: explicitTitle || derivedTitle || record.id,
    ...(record.url ? { url: record.url } : {}),
    mimeType,
    ...(language ? { language } : {}),
    text,
  };
}

function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    // A missing or mistyped field reads better as its name than as zod's "expected string, received undefined".
    const field = issue.path.length > 0 ? `"${issue.path.join(".")}"` : "";
    if (issue.code === "invalid_type" && field && !issue.message.includes(field)) {
      return issue.input === undefined ? `${field} is required` : `${field} has the wrong type (${issue.message})`;
    }
    if (issue.code === "invalid_type" && !field) return "must be a JSON object";
    return issue.message;
  });
  return `${parts.join("; ")}. Expected {"id", "title", "text" or "html", "url"?}.`;
}
