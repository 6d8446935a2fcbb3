// `pnpm db:migrate`: applies pending migrations to DATABASE_URL.
import { env } from "../env";
import { migrate, redactUrl } from "../migrate";

const log = (message: string) => process.stdout.write(`${message}\n`);

if (!env.DATABASE_URL) {
  process.stderr.write(
    "DATABASE_URL is not set. Point it at the database to migrate (for the embedded one, start it with `pnpm db:server`).\n",
  );
  process.exit(1);
}

try {
  log(`migrating ${redactUrl(env.DATABASE_URL)}`);
  const { applied, skipped } = await migrate({ url: env.DATABASE_URL, log });
  log(
    applied.length
      ? `applied ${applied.length} migration(s): ${applied.join(", ")}`
      : `already up to date (${skipped.length} migration(s) applied before)`,
  );
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
