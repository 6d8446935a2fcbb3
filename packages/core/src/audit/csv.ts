/**
 * The audit log as CSV (RFC 4180), safe to open in a spreadsheet. Pure: the route that streams it reads the pages.
 */

/**
 * Spreadsheets run a cell that starts with one of these as a formula (OWASP's "CSV injection"); tab and carriage
 * return are on the list because some programs strip them and then see the formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a leading formula character is made inert with a quote; quoted when it holds a comma, quote or newline. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ended with CRLF as RFC 4180 says. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export const AUDIT_CSV_COLUMNS = ["id", "at", "action", "actor_id", "actor_email", "target_type", "target_id", "ip", "data"] as const;

export interface AuditCsvEntry {
  id: string | bigint;
  at: Date;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: unknown;
}

/** An entry as a CSV record: the time in ISO 8601 UTC, the details as compact JSON. */
export function auditCsvRow(entry: AuditCsvEntry): string {
  return csvRow([
    String(entry.id),
    entry.at.toISOString(),
    entry.action,
    entry.actorId,
    entry.actorEmail,
    entry.targetType,
    entry.targetId,
    entry.ip,
    JSON.stringify(entry.data ?? {}),
  ]);
}

export const AUDIT_CSV_HEADER = csvRow(AUDIT_CSV_COLUMNS);
