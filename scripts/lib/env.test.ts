import { afterEach, describe, expect, it, vi } from "vitest";
import { scriptSettings } from "./env";

describe("scriptSettings", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("reads LORE_SEED_DEMO with the database package's parser (off means off)", () => {
    for (const value of ["off", "False", "no", "0"]) {
      vi.stubEnv("LORE_SEED_DEMO", value);
      expect(scriptSettings().seedDemo).toBe(false);
    }
    vi.stubEnv("LORE_SEED_DEMO", "on");
    expect(scriptSettings().seedDemo).toBe(true);
  });

  it("leaves the demo company out by default when DATABASE_URL is set", () => {
    vi.stubEnv("LORE_SEED_DEMO", "");
    vi.stubEnv("DATABASE_URL", "postgresql://lore@db.example/lore");
    expect(scriptSettings().seedDemo).toBe(false);
    vi.stubEnv("DATABASE_URL", "");
    expect(scriptSettings().seedDemo).toBe(true);
  });
});
