// The database package's main entry: Prisma's generated types, enums and the `Prisma` namespace
// (errors, input types, TransactionClient), plus the client factories. Server-only.
export * from "./generated/prisma/client";
export { createPgPool, createPrismaClient, getPrisma, prisma, type PrismaClientOptions } from "./client";
