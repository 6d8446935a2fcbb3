/**
 * Plain text is stored as-is (normalised): it is valid Markdown for our purposes, and escaping it all would
 * only add backslashes to what users see in citations. Only what a Markdown renderer would turn into HTML or an
 * unsafe link is escaped or dropped (./neutralise.ts). A text file has no title of its own, so the file name is used.
 */
import { normaliseText, titleFromFileName } from "../normalize";
import { IngestError, type ParseContext, type ParsedDocument } from "../types";
import { neutraliseMarkdown } from "./neutralise";

export function parseText(source: string, ctx: ParseContext): ParsedDocument {
  const text = neutraliseMarkdown(normaliseText(source), "text");
  if (text === "") throw new IngestError("EMPTY", ctx.name, `"${ctx.name}" has no text to import (it contains only whitespace).`);
  return { externalId: ctx.externalId, title: titleFromFileName(ctx.name), mimeType: ctx.mimeType, text };
}
