export { LoreError, isLoreError, type LoreErrorKind } from "./lore-error";
export { databaseError, failureSummary, isDatabaseUnreachable, isPrismaError, isRefusedData, type DatabaseError } from "./database";
