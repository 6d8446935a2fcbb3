// The job worker process started by `npm start` (and usable on its own: `pnpm --filter @lore/core worker`).
import { createPrismaClient } from "@lore/db/client";
import { coreEnv } from "../env";
import { startWorker } from "./worker";

const log = (message: string) => process.stdout.write(`${message}\n`);
const prisma = createPrismaClient(coreEnv.DATABASE_URL);
const worker = await startWorker({ databaseUrl: coreEnv.DATABASE_URL, prisma, log });
log("job worker ready");

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await prisma.$disconnect();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
