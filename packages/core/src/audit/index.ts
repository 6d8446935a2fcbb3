export { listAuditLog } from "./list";
export { recordAudit, type AuditEntry, type Db } from "./record";
