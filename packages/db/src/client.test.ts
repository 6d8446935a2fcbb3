import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
  delete (globalThis as { __lorePrisma?: unknown }).__lorePrisma;
});

describe("shared client", () => {
  it("explains a missing DATABASE_URL on first use, not on import", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const { getPrisma, prisma } = await import("./client");
    expect(() => getPrisma()).toThrowError(/DATABASE_URL is not set.*npm start/);
    expect(() => prisma.user).toThrowError(/DATABASE_URL is not set/);
  });

  it("creates one client per process and reuses it across module reloads", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://lore:lore@127.0.0.1:1/lore");
    const first = (await import("./client")).getPrisma();
    vi.resetModules();
    const second = await import("./client");
    expect(second.getPrisma()).toBe(first);
    expect(typeof second.prisma.$disconnect).toBe("function");
    await first.$disconnect();
  });
});
