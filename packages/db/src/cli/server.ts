// `pnpm db:server`: runs the embedded PostgreSQL (PGlite + pgvector) in the foreground, on
// LORE_DB_PORT with its data in LORE_DATA_DIR/pg, until Ctrl-C.
import { join } from "node:path";
import { PASSWORD_FILE, redactPassword, startEmbeddedServer } from "../embedded";
import { env } from "../env";

const log = (message: string) => process.stdout.write(`${message}\n`);
const dataDir = join(env.LORE_DATA_DIR, "pg");

let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
try {
  log(`starting the embedded PostgreSQL on 127.0.0.1:${env.LORE_DB_PORT} (data in ${dataDir})…`);
  server = await startEmbeddedServer({ dataDir, port: env.LORE_DB_PORT });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

log(`ready. DATABASE_URL=${redactPassword(server.url)} (the password is in ${join(dataDir, PASSWORD_FILE)})`);
log("Press Ctrl-C to stop.");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping…`);
  try {
    await server.stop();
    log("stopped; data flushed to disk.");
    process.exit(0);
  } catch (error) {
    process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
