export { AUDIT_CSV_COLUMNS, AUDIT_CSV_HEADER, auditCsvRow, csvCell, csvRow, type AuditCsvEntry } from "./csv";
export { auditEntries, auditWhere, listAuditLog, type AuditFilters, type AuditListEntry, type ListAuditParams } from "./list";
export { recordAudit, type AuditEntry, type Db } from "./record";
