// `pnpm db:seed`: creates the first prompt configuration, the first admin (ADMIN_EMAIL) and, unless
// LORE_SEED_DEMO=false, the demo company. Safe to run again.
import { createPrismaClient } from "../client";
import { env } from "../env";
import { seed } from "../seed";

const log = (message: string) => process.stdout.write(`${message}\n`);

if (!env.DATABASE_URL) {
  process.stderr.write("DATABASE_URL is not set. Point it at the database to seed (migrate it first with `pnpm db:migrate`).\n");
  process.exit(1);
}

const prisma = createPrismaClient(env.DATABASE_URL);
try {
  const summary = await seed(prisma, { log });
  for (const warning of summary.warnings) log(`warning: ${warning}`);
  log(JSON.stringify({ ...summary, warnings: summary.warnings.length }, null, 2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
