import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { repoRoot } from "./paths";
import { optionalBooleanSetting } from "./settings";

/**
 * Bounds of the embedded server's buffer cache, in MB. PGlite's WebAssembly memory cannot grow past 2 GB
 * (32,768 pages of 64 KB), and the cache, the memory of index builds (maintenance_work_mem) and queries, and
 * Postgres itself all live in it: with a 2,040 MB cache a new database fails to initialise, and 1,536 MB
 * leaves half a gigabyte for the rest.
 */
export const MIN_SHARED_BUFFERS_MB = 16;
/** PGlite's memory limit, in MB. */
export const PGLITE_MEMORY_MB = 2048;
/** Kept out of the cache for Postgres itself, its queries and index builds. */
export const MAX_SHARED_BUFFERS_MB = PGLITE_MEMORY_MB - 512;

/** Relative directories are taken from the repository root, as `npm start` does. */
const directoryVar = (fallback: () => string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? (isAbsolute(v) ? v : resolve(repoRoot(), v)) : fallback()));

const fields = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional(),
  LORE_DATA_DIR: directoryVar(() => join(repoRoot(), ".data")),
  LORE_DB_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  // The embedded server's buffer cache (see EmbeddedServerOptions.sharedBuffersMb and MAX_SHARED_BUFFERS_MB).
  LORE_DB_SHARED_BUFFERS_MB: z.coerce.number().int().min(MIN_SHARED_BUFFERS_MB).max(MAX_SHARED_BUFFERS_MB).default(512),
  // Statements of the apps' requests are cancelled after this long (0 = never); see client.ts getPrisma.
  LORE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  ADMIN_EMAIL: z.email("must be an email address").optional(),
  // The sign-in form's own minimum (packages/api/src/auth): a shorter seed password could never be
  // typed back in after a reset.
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  ADMIN_NAME: z.string().trim().min(1).default("Administrator"),
  // Unset: on for the embedded database, off with DATABASE_URL (see the transform below), so the demo
  // company with its published passwords never reaches a real server unless asked for.
  LORE_SEED_DEMO: optionalBooleanSetting(),
  // Tests only: a PostgreSQL server (with pgvector) on which `startTestDatabase` creates and drops
  // a throwaway database per call, instead of starting embedded servers. Needs CREATEDB.
  LORE_TEST_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional(),
});

const schema = fields.transform((env) => ({ ...env, LORE_SEED_DEMO: env.LORE_SEED_DEMO ?? !env.DATABASE_URL }));

export type DbEnv = z.output<typeof schema>;

type Source = Record<string, string | undefined>;

function withoutEmptyStrings(source: Source): Source {
  const out: Source = {};
  for (const key of Object.keys(fields.shape)) {
    const value = source[key];
    out[key] = value === undefined || value.trim() === "" ? undefined : value;
  }
  return out;
}

/**
 * Validates the database package's settings. With `skipValidation` (builds, lint, CI steps that
 * never touch the database) invalid values fall back to their defaults instead of throwing.
 */
export function parseEnv(source: Source, options: { skipValidation?: boolean } = {}): DbEnv {
  const input = withoutEmptyStrings(source);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  if (options.skipValidation) {
    const lenient: Source = { ...input };
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      if (typeof key === "string") lenient[key] = undefined;
    }
    return schema.parse(lenient);
  }
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  throw new Error(`Invalid database settings in the environment:\n${problems}`);
}

export const env: DbEnv = parseEnv(process.env, { skipValidation: !!process.env.SKIP_ENV_VALIDATION });
