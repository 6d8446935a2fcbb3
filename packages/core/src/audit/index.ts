export { recordAudit, type AuditEntry, type Db } from "./record";
