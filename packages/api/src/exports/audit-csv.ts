/**
 * `GET /api/exports/audit`: the audit log as CSV, with the filters of the audit page as query parameters
 * (`action` repeated, `actorId`, `actorEmail`, `targetType`, `targetId`, `from`, `to` as ISO instants), newest first,
 * read a keyset page at a time and streamed. The export itself is audited (`export.audit_csv`, with its filters).
 */
import { AUDIT_CSV_HEADER, auditCsvRow, auditEntries, recordAudit, type AuditFilters } from "@lore/core/audit";
import { getPrisma } from "@lore/db/client";
import { auditFiltersInput } from "../schemas";
import { badRequest, download, exportingAdmin, refusal, searchParams, type ExportHandlerOptions } from "./guard";

/** The filters from the query string, as the audit page writes them. */
export function auditFiltersFrom(params: URLSearchParams) {
  const one = (name: string) => params.get(name) || undefined;
  const actions = params.getAll("action").filter(Boolean);
  return auditFiltersInput.safeParse({
    actions: actions.length ? actions : undefined,
    actorId: one("actorId"),
    actorEmail: one("actorEmail"),
    targetType: one("targetType"),
    targetId: one("targetId"),
    from: one("from"),
    to: one("to"),
  });
}

export function createAuditCsvHandler(options: Omit<ExportHandlerOptions, "db"> & { db?: ExportHandlerOptions["db"] }) {
  return async (request: Request): Promise<Response> => {
    const db = options.db ?? getPrisma();
    try {
      const admin = await exportingAdmin(request, { ...options, db });
      if (admin instanceof Response) return admin;
      const filters = auditFiltersFrom(searchParams(request));
      if (!filters.success) return badRequest(filters.error.issues);
      await recordAudit(db, {
        actor: admin,
        action: "export.audit_csv",
        targetType: "export",
        targetId: "audit",
        data: JSON.parse(JSON.stringify(filters.data)) as Record<string, string>,
      });
      return download(csvLines(db, filters.data), {
        filename: `lore-audit-${new Date().toISOString().slice(0, 10)}.csv`,
        type: "text/csv; charset=utf-8",
      });
    } catch (error) {
      console.error("GET /api/exports/audit failed:", error);
      return refusal("INTERNAL_SERVER_ERROR", "The export failed. Try again; if it keeps failing, the server log says why.");
    }
  };
}

async function* csvLines(db: ExportHandlerOptions["db"], filters: AuditFilters): AsyncGenerator<string> {
  yield AUDIT_CSV_HEADER;
  for await (const entry of auditEntries(db, filters)) yield auditCsvRow(entry);
}
