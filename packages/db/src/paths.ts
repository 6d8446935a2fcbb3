import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const MARKER = "pnpm-workspace.yaml";

function findUp(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

let cachedRoot: string | null = null;

/**
 * The monorepo's root folder. Found from this file's location (packages/db/src), so it does not
 * depend on the current directory; bundlers that rewrite `import.meta.url` (Next) fall back to
 * searching upwards from the current directory.
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let fromModule: string | null = null;
  try {
    fromModule = findUp(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // import.meta.url is not a file: URL in some bundles.
  }
  // turbopackIgnore: stops Next from tracing the whole repository into the apps' server output
  // because of a filesystem walk that starts at the current directory.
  const cwd = /* turbopackIgnore: true */ process.cwd();
  cachedRoot = fromModule ?? findUp(cwd) ?? resolve(cwd);
  return cachedRoot;
}

/** prisma/migrations: one folder per migration, `<timestamp>_<name>/migration.sql`. */
export function defaultMigrationsDir(): string {
  return join(repoRoot(), "prisma", "migrations");
}

/** prisma/seed: the demo company's wiki pages, manifest and few-shot examples. */
export function defaultSeedDir(): string {
  return join(repoRoot(), "prisma", "seed");
}

/** prisma/schema.prisma: the data model the migrations must match. */
export function schemaPath(): string {
  return join(repoRoot(), "prisma", "schema.prisma");
}
