import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { repoRoot } from "./paths";

describe("parseEnv", () => {
  it("applies the defaults when nothing is set", () => {
    const env = parseEnv({});
    expect(env).toEqual({
      DATABASE_URL: undefined,
      LORE_DATA_DIR: join(repoRoot(), ".data"),
      LORE_DB_PORT: 54329,
      LORE_DB_SHARED_BUFFERS_MB: 512,
      LORE_STATEMENT_TIMEOUT_MS: 15_000,
      ADMIN_EMAIL: undefined,
      ADMIN_PASSWORD: undefined,
      ADMIN_NAME: "Administrator",
      LORE_SEED_DEMO: true,
      LORE_TEST_DATABASE_URL: undefined,
    });
  });

  it("finds the repository root from its own location", () => {
    expect(repoRoot()).toBe(join(import.meta.dirname, "..", "..", ".."));
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", LORE_DB_PORT: " ", LORE_SEED_DEMO: "" })).toMatchObject({
      DATABASE_URL: undefined,
      LORE_DB_PORT: 54329,
      LORE_SEED_DEMO: true,
    });
  });

  it.each([
    ["false", false],
    ["0", false],
    ["no", false],
    ["FALSE", false],
    ["off", false],
    ["False", false],
    ["true", true],
    ["1", true],
    ["on", true],
  ])("reads LORE_SEED_DEMO=%s as %s", (value, expected) => {
    expect(parseEnv({ LORE_SEED_DEMO: value }).LORE_SEED_DEMO).toBe(expected);
    expect(parseEnv({ LORE_SEED_DEMO: value, DATABASE_URL: "postgresql://lore@db.example/lore" }).LORE_SEED_DEMO).toBe(expected);
  });

  it("seeds the demo company by default only on the embedded database", () => {
    expect(parseEnv({}).LORE_SEED_DEMO).toBe(true);
    expect(parseEnv({ DATABASE_URL: "postgresql://lore@db.example/lore" }).LORE_SEED_DEMO).toBe(false);
  });

  it("refuses a LORE_SEED_DEMO that is not a switch", () => {
    expect(() => parseEnv({ LORE_SEED_DEMO: "maybe" })).toThrowError(/LORE_SEED_DEMO/);
  });

  it("resolves a relative LORE_DATA_DIR from the repository root and keeps an absolute one", () => {
    expect(parseEnv({ LORE_DATA_DIR: "var/lore" }).LORE_DATA_DIR).toBe(join(repoRoot(), "var/lore"));
    expect(parseEnv({ LORE_DATA_DIR: "/srv/lore" }).LORE_DATA_DIR).toBe("/srv/lore");
  });

  it("names every invalid variable in one error", () => {
    expect(() =>
      parseEnv({
        DATABASE_URL: "mysql://x",
        LORE_DB_PORT: "99999",
        LORE_DB_SHARED_BUFFERS_MB: "8",
        ADMIN_EMAIL: "nope",
        ADMIN_PASSWORD: "short",
        LORE_SEED_DEMO: "maybe",
      }),
    ).toThrowError(
      /DATABASE_URL[\s\S]*LORE_DB_PORT[\s\S]*LORE_DB_SHARED_BUFFERS_MB[\s\S]*ADMIN_EMAIL[\s\S]*ADMIN_PASSWORD[\s\S]*LORE_SEED_DEMO/,
    );
  });

  it("caps the embedded server's buffer cache below PGlite's 2 GB of memory", () => {
    expect(parseEnv({ LORE_DB_SHARED_BUFFERS_MB: "1536" }).LORE_DB_SHARED_BUFFERS_MB).toBe(1536);
    expect(() => parseEnv({ LORE_DB_SHARED_BUFFERS_MB: "2048" })).toThrowError(/LORE_DB_SHARED_BUFFERS_MB/);
  });

  it("falls back to defaults for invalid values when validation is skipped", () => {
    const env = parseEnv({ LORE_DB_PORT: "nope", ADMIN_EMAIL: "admin@example.com" }, { skipValidation: true });
    expect(env.LORE_DB_PORT).toBe(54329);
    expect(env.ADMIN_EMAIL).toBe("admin@example.com");
  });
});
