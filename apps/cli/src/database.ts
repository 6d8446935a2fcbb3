import type { EmbeddedServer } from "@lore/db/embedded";
import { databaseUrl } from "./env";
import { errorLine, Interrupted, onInterrupt } from "./errors";

/**
 * Runs `work` with the URL of the user's database, the one `npm start` uses:
 *
 * - DATABASE_URL when it is set (nothing else is done to it: `pnpm db:migrate` migrates a server);
 * - otherwise the embedded database in LORE_DATA_DIR: the server that already serves it when Lore is running
 *   (found through the data directory's lock file, which names its URL, and its password file, which only the folder's
 *   owner can read: see packages/db/README.md), or else one started here on the same
 *   folder for the length of the command, prepared as `npm start` prepares it (pending migrations; on a new folder
 *   the seed; the documents stored but never indexed; the examples not yet embedded) and stopped cleanly at the end, on Ctrl-C too.
 *
 * Why the preparation: a command must find the same database whichever of `npm start` and the CLI ran first. A new
 * folder gets the demo company (unless LORE_SEED_DEMO=false) and its pages indexed, as the first `npm start` and its
 * worker would do, so `lore search --as employee@lore.local` and `lore import --group hr` work at once; an existing
 * one gets the migrations of a newer checkout before the command's queries need them. See apps/cli/README.md.
 */
export async function withUserDatabase<T>(work: (url: string) => Promise<T>, log: (line: string) => void): Promise<T> {
  const url = databaseUrl();
  if (url) return work(url);
  return withEmbeddedDatabase(work, log);
}

async function withEmbeddedDatabase<T>(work: (url: string) => Promise<T>, log: (line: string) => void): Promise<T> {
  const { findOrStartEmbeddedServer } = await import("@lore/db/embedded");
  // Ours (to stop) once started; "none" when another process serves the folder.
  let server: EmbeddedServer | "none" | null = null;
  let interrupted = false;
  const off = onInterrupt(() => {
    interrupted = true;
    if (server === "none") process.exit(130); // Lore's own server: nothing of ours to close
    if (server === null) {
      log("lore: stopping once the embedded database has opened… (press Ctrl-C again to quit at once)");
      return; // the start below sees `interrupted` and stops it
    }
    log("lore: stopping: closing the embedded database… (press Ctrl-C again to quit at once)");
    void server.stop().then(
      () => {
        log("lore: interrupted; the embedded database was closed cleanly.");
        process.exit(130);
      },
      (error: unknown) => {
        log(`lore: interrupted; closing the embedded database failed: ${errorLine(error)}`);
        process.exit(130);
      },
    );
  });
  try {
    // A free port: the server lives only as long as the command, and other processes find it through the lock file.
    // No prewarming: the cache lives only as long as the command too.
    const found = await findOrStartEmbeddedServer({ port: 0, prewarm: false });
    server = found.server ?? "none";
    if (interrupted) throw new Interrupted(`interrupted${found.server ? "; the embedded database was closed cleanly" : ""}.`);
    if (found.server) {
      if (found.created) log(`lore: created the embedded database in ${found.dataDir} (Lore is not running and DATABASE_URL is unset).`);
      await prepare(found.url, { seed: found.created }, log);
    }
    return await work(found.url);
  } finally {
    off();
    if (server !== null && server !== "none") await server.stop();
  }
}

/**
 * What `npm start` (scripts/lib/stack.ts) and its worker do before the apps connect; each step is idempotent. The seed
 * only on a new database: it is the initial content (and costs most of a second to find nothing to add), and the
 * next `npm start` seeds anyway (a changed ADMIN_EMAIL, new demo content).
 */
async function prepare(url: string, options: { seed: boolean }, log: (line: string) => void): Promise<void> {
  const { migrate } = await import("@lore/db/migrate");
  const { applied } = await migrate({ url, log: (message) => message.startsWith("warning:") && log(`lore: ${message}`) });
  if (applied.length > 0) log(`lore: applied ${applied.length} migration(s) to the embedded database.`);

  const [{ createPrismaClient }, { seed }, { getActiveEmbedder, indexPendingDocuments }, { embedPendingExamples }] = await Promise.all([
    import("@lore/db"),
    import("@lore/db/seed"),
    import("@lore/core/knowledge-base"),
    import("@lore/core/fewshot"),
  ]);
  const prisma = createPrismaClient(url, { maxConnections: 2 });
  try {
    // The demo company unless LORE_SEED_DEMO=false, the first admin from ADMIN_EMAIL: as `npm start` on the embedded database.
    if (options.seed) await seed(prisma, { log: (message) => log(`lore: ${message}`) });
    const embedder = await getActiveEmbedder(prisma);
    const { indexed, failed } = await indexPendingDocuments(prisma, { embedder, log: (message) => log(`lore: ${message}`) });
    if (indexed || failed) log(`lore: indexed ${indexed} pending document(s)${failed ? `, ${failed} failed` : ""}.`);
    const { embedded } = await embedPendingExamples(prisma, embedder);
    if (embedded) log(`lore: embedded ${embedded} pending few-shot example(s).`);
  } finally {
    await prisma.$disconnect().catch(() => {});
  }
}
