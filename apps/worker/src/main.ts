// The job worker process started by `npm start` (and usable on its own: `pnpm --filter @lore/worker start`).
import { createPrismaClient } from "@lore/db/client";
import { coreEnv } from "@lore/core/env";
import { embedPendingExamples } from "@lore/core/fewshot";
import { startWorker } from "@lore/core/jobs";
import { getActiveEmbedder, indexPendingDocuments } from "@lore/core/knowledge-base";

const log = (message: string) => process.stdout.write(`${message}\n`);
const prisma = createPrismaClient(coreEnv.DATABASE_URL);
const worker = await startWorker({ databaseUrl: coreEnv.DATABASE_URL, prisma, log });
log("job worker ready");

// Documents stored but never indexed (the demo pages on first start) become searchable in the
// background; the apps are usable meanwhile.
void getActiveEmbedder(prisma)
  .then((embedder) => indexPendingDocuments(prisma, { embedder, log }))
  .then(({ indexed, failed }) => {
    if (indexed || failed) log(`indexed ${indexed} pending document(s)${failed ? `, ${failed} failed` : ""}`);
  })
  .catch((error: unknown) => log(`indexing pending documents failed: ${error instanceof Error ? error.message : String(error)}`));

// Few-shot examples without a vector of the active model (the seed's, or any added while the worker was down).
void getActiveEmbedder(prisma)
  .then((embedder) => embedPendingExamples(prisma, embedder))
  .then(({ embedded }) => {
    if (embedded) log(`embedded ${embedded} pending few-shot example(s)`);
  })
  .catch((error: unknown) => log(`embedding pending examples failed: ${error instanceof Error ? error.message : String(error)}`));

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
