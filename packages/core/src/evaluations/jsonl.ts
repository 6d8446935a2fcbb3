/**
 * Evaluation cases as JSON Lines, in the format of `../shared/datasets/*\/questions.jsonl`, one case a line:
 *   {"id": "dev-0", "question": "…", "scenario": "…"?, "answers": ["…"], "source_ids": ["<document external id>"], "answerable": true}
 * Any other field of a line (govuk-policies' `evidence`, clapnq's `related_ids`…) is kept with the case and written
 * back by the export, so importing a file and exporting the set gives the same records. Pure: no database.
 */
import { z } from "zod";
import { evalCaseFields, evalId, MAX_EVAL_CASE_ID_CHARS, type EvalCaseFields } from "./limits";

/** A case as stored (eval_cases): `externalId` is the line's `id`. */
export interface CaseRecord {
  externalId: string | null;
  question: string;
  expectedAnswers: string[];
  sourceIds: string[];
  answerable: boolean;
  metadata: CaseMetadata;
}

/** What eval_cases.metadata holds. */
export interface CaseMetadata {
  scenario?: string;
  /** The line's other fields, written back by the export. */
  extra?: Record<string, unknown>;
  /** The feedback a regression case was made from. */
  origin?: { kind: "feedback"; feedbackId: string; messageId: string };
}

export interface LineError {
  /** 1-based, in the whole file. */
  line: number;
  message: string;
}

const KNOWN = new Set(["id", "question", "scenario", "answers", "source_ids", "answerable"]);

const lineSchema = evalCaseFields.extend({
  id: z
    .union([z.string(), z.number().transform(String)])
    .pipe(evalId("id", MAX_EVAL_CASE_ID_CHARS))
    .optional(),
  // Some datasets write an empty or null scenario: no scenario.
  scenario: evalCaseFields.shape.scenario.nullable().transform((s) => (s ? s : undefined)),
});

/** A case's fields (as people type them) as the record stored. */
export function caseRecord(fields: EvalCaseFields & { id?: string | undefined }, extra?: Record<string, unknown>): CaseRecord {
  const metadata: CaseMetadata = {};
  if (fields.scenario) metadata.scenario = fields.scenario;
  if (extra && Object.keys(extra).length > 0) metadata.extra = extra;
  return {
    externalId: fields.id ?? null,
    question: fields.question,
    expectedAnswers: fields.answers,
    sourceIds: [...new Set(fields.source_ids)],
    answerable: fields.answerable,
    metadata,
  };
}

function issueMessage(issue: z.core.$ZodIssue, json: Record<string, unknown>): string {
  const field = issue.path.join(".");
  const missing = issue.code === "invalid_type" && issue.path.length === 1 && json[String(issue.path[0])] === undefined;
  const message = missing ? `${field} is missing` : issue.message;
  return field && !message.startsWith(field.split(".")[0]!) ? `${field}: ${message}` : message;
}

/**
 * Parses JSONL text: blank lines are ignored, each other line is a case or an error in words naming its line.
 * Ids must be unique within the text (the set's existing ids are checked by the importer).
 */
export function parseCasesJsonl(text: string, firstLine = 1): { cases: Array<{ line: number; record: CaseRecord }>; errors: LineError[] } {
  const cases: Array<{ line: number; record: CaseRecord }> = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = firstLine + i;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      errors.push({ line, message: "not valid JSON" });
      return;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      errors.push({ line, message: "expected a JSON object" });
      return;
    }
    const object = json as Record<string, unknown>;
    const parsed = lineSchema.safeParse(object);
    if (!parsed.success) {
      errors.push({ line, message: issueMessage(parsed.error.issues[0]!, object) });
      return;
    }
    const id = parsed.data.id;
    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined) {
        errors.push({ line, message: `the id "${id}" is also on line ${first}` });
        return;
      }
      seen.set(id, line);
    }
    const extra = Object.fromEntries(Object.entries(object).filter(([key]) => !KNOWN.has(key)));
    cases.push({ line, record: caseRecord(parsed.data, extra) });
  });
  return { cases, errors };
}

/** A stored case as its JSONL object (a case without an id of its own is written with its database id). */
export function caseLine(c: CaseRecord & { id: string }): Record<string, unknown> {
  return {
    id: c.externalId ?? c.id,
    question: c.question,
    ...(c.metadata.scenario ? { scenario: c.metadata.scenario } : {}),
    answers: c.expectedAnswers,
    source_ids: c.sourceIds,
    answerable: c.answerable,
    ...c.metadata.extra,
  };
}

/** Cases as JSONL text, one line each, ending with a newline. */
export function formatCasesJsonl(cases: ReadonlyArray<CaseRecord & { id: string }>): string {
  return cases.map((c) => `${JSON.stringify(caseLine(c))}\n`).join("");
}

/** Reads eval_cases.metadata defensively (rows written by hand). */
export function readCaseMetadata(value: unknown): CaseMetadata {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const out: CaseMetadata = {};
  if (typeof v.scenario === "string" && v.scenario) out.scenario = v.scenario;
  if (typeof v.extra === "object" && v.extra !== null && !Array.isArray(v.extra)) out.extra = v.extra as Record<string, unknown>;
  const origin = v.origin as CaseMetadata["origin"] | undefined;
  if (origin?.kind === "feedback") out.origin = origin;
  return out;
}
