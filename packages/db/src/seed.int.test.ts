import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { verifyPassword } from "better-auth/crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "./generated/prisma/client";
import { defaultSeedDir } from "./paths";
import { DEMO_PASSWORDS, seed, type SeedSummary } from "./seed";
import { sha256 } from "./seed-content";
import { useTestDatabase } from "./testing";

interface ManifestEntry {
  file: string;
  groups: string[];
}

const manifest = JSON.parse(readFileSync(join(defaultSeedDir(), "manifest.json"), "utf8")) as ManifestEntry[];
const examples = JSON.parse(readFileSync(join(defaultSeedDir(), "examples.json"), "utf8")) as Array<{
  question: string;
  documents?: string[];
}>;

async function counts(prisma: PrismaClient) {
  return {
    users: await prisma.user.count(),
    accounts: await prisma.account.count(),
    groups: await prisma.group.count(),
    memberships: await prisma.groupMembership.count(),
    documents: await prisma.document.count(),
    versions: await prisma.documentVersion.count(),
    access: await prisma.documentAccess.count(),
    examples: await prisma.fewShotExample.count(),
    exampleLinks: await prisma.fewShotExampleDocument.count(),
    prompts: await prisma.promptConfig.count(),
  };
}

describe("seed", () => {
  const db = useTestDatabase();
  let first: SeedSummary;

  beforeAll(async () => {
    first = await seed(db.prisma, { demo: true, admin: null });
  });

  it("creates the demo company from prisma/seed", async () => {
    expect(first.warnings).toEqual([]);
    expect(first.users.created.sort()).toEqual(["admin@lore.local", "employee@lore.local"]);
    expect(first.groups.created.sort()).toEqual(["engineering", "finance", "hr", "leadership"]);
    expect(first.documents.created).toHaveLength(manifest.length);
    expect(first.examples.created).toBe(examples.length);
    expect(first.promptConfig).toBe("created");
    expect(await counts(db.prisma)).toMatchObject({
      users: 2,
      accounts: 2,
      groups: 4,
      documents: manifest.length,
      versions: manifest.length,
      examples: examples.length,
      prompts: 1,
    });
  });

  it("changes nothing when run again", async () => {
    const before = await counts(db.prisma);
    const again = await seed(db.prisma, { demo: true, admin: null });
    expect(again.users.created).toEqual([]);
    expect(again.groups.created).toEqual([]);
    expect(again.documents.created).toEqual([]);
    expect(again.examples).toEqual({ created: 0, existing: examples.length });
    expect(again.promptConfig).toBe("existing");
    expect(await counts(db.prisma)).toEqual(before);
  });

  it("creates users better-auth can sign in", async () => {
    const admin = await db.prisma.user.findUniqueOrThrow({
      where: { email: "admin@lore.local" },
      include: { accounts: true, memberships: { include: { group: true } } },
    });
    expect(admin).toMatchObject({ role: "admin", emailVerified: true });
    expect(admin.accounts).toHaveLength(1);
    expect(admin.accounts[0]).toMatchObject({ providerId: "credential", accountId: admin.id });
    expect(await verifyPassword({ hash: admin.accounts[0]?.password ?? "", password: DEMO_PASSWORDS.admin })).toBe(true);
    expect(await verifyPassword({ hash: admin.accounts[0]?.password ?? "", password: "wrong-password" })).toBe(false);

    const employee = await db.prisma.user.findUniqueOrThrow({
      where: { email: "employee@lore.local" },
      include: { accounts: true, memberships: { include: { group: true } } },
    });
    expect(employee).toMatchObject({ role: "employee", name: "Dana Employee" });
    expect(await verifyPassword({ hash: employee.accounts[0]?.password ?? "", password: DEMO_PASSWORDS.employee })).toBe(true);
    expect(employee.memberships.map((m) => m.group.name)).toEqual(["engineering"]);

    // The real thing: better-auth's email + password sign-in against the seeded rows.
    const auth = betterAuth({
      database: prismaAdapter(db.prisma, { provider: "postgresql" }),
      emailAndPassword: { enabled: true },
      secret: "test-secret-0123456789-abcdefghijklmnop",
      baseURL: "http://localhost:3000",
      telemetry: { enabled: false },
      logger: { disabled: true },
    });
    const session = await auth.api.signInEmail({ body: { email: "employee@lore.local", password: DEMO_PASSWORDS.employee } });
    expect(session.user.email).toBe("employee@lore.local");
    await expect(auth.api.signInEmail({ body: { email: "employee@lore.local", password: "not-the-password" } })).rejects.toThrow();
  });

  it("stores each page as a pending document with one version, its tags and its access groups", async () => {
    const documents = await db.prisma.document.findMany({
      include: { versions: true, accessGroups: { include: { group: true } } },
    });
    for (const entry of manifest) {
      const externalId = entry.file.replace(/\.[^.]+$/, "");
      const document = documents.find((d) => d.externalId === externalId);
      expect(document, entry.file).toBeDefined();
      if (!document) continue;
      const content = readFileSync(join(defaultSeedDir(), "wiki", entry.file), "utf8");
      expect(document).toMatchObject({
        source: "seed",
        status: "pending",
        language: "english",
        mimeType: entry.file.endsWith(".html") ? "text/html" : "text/markdown",
        contentHash: sha256(content),
      });
      expect(document.versions).toHaveLength(1);
      expect(document.versions[0]).toMatchObject({
        version: 1,
        content,
        contentHash: sha256(content),
        byteSize: Buffer.byteLength(content),
      });
      expect(document.currentVersionId).toBe(document.versions[0]?.id);
      expect(document.accessGroups.map((a) => a.group.name).sort(), entry.file).toEqual([...entry.groups].sort());
    }
    // The restricted pages the README lists.
    const restricted = documents
      .filter((d) => d.accessGroups.length > 0)
      .map((d) => d.externalId)
      .sort();
    expect(restricted).toEqual(
      manifest
        .filter((m) => m.groups.length > 0)
        .map((m) => m.file.replace(/\.[^.]+$/, ""))
        .sort(),
    );
    expect(restricted.length).toBeGreaterThan(0);
  });

  it("links examples to the documents they cite and activates one prompt", async () => {
    const stored = await db.prisma.fewShotExample.findMany({ include: { documents: { include: { document: true } } } });
    for (const example of examples) {
      const row = stored.find((s) => s.question === example.question);
      expect(row?.documents.map((d) => `${d.document.externalId}`).sort()).toEqual(
        (example.documents ?? []).map((f) => f.replace(/\.[^.]+$/, "")).sort(),
      );
    }
    expect(stored.filter((s) => s.pinned).length).toBeGreaterThanOrEqual(1);
    const prompt = await db.prisma.promptConfig.findFirstOrThrow({ where: { isActive: true } });
    expect(prompt).toMatchObject({ version: 1, temperature: 0.2 });
    expect(prompt.systemPrompt).toMatch(/\[1\]/);
  });

  it("never undoes an admin's later edits or deletions", async () => {
    await db.prisma.user.update({ where: { email: "employee@lore.local" }, data: { name: "Dana Renamed" } });
    const firstExample = examples[0]?.question ?? "";
    await db.prisma.fewShotExample.updateMany({ where: { question: firstExample }, data: { question: `${firstExample} (edited)` } });
    const page = manifest.find((m) => m.groups.length === 0)?.file.replace(/\.[^.]+$/, "") ?? "";
    await db.prisma.document.deleteMany({ where: { source: "seed", externalId: page } });
    await db.prisma.user.delete({ where: { email: "admin@lore.local" } });
    const before = await counts(db.prisma);

    const again = await seed(db.prisma, { demo: true, admin: null });
    expect(await counts(db.prisma)).toEqual(before);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { email: "employee@lore.local" } })).name).toBe("Dana Renamed");
    expect(again.warnings).toEqual([
      "demo user admin@lore.local was deleted after seeding; not recreated",
      `document ${page} was deleted after seeding; not recreated`,
    ]);
  });

  it("creates the first admin from settings, or promotes an existing account", async () => {
    const summary = await seed(db.prisma, {
      demo: false,
      admin: { email: "Boss@Example.com", password: "a-long-password", name: "The Boss" },
    });
    expect(summary.users.created).toEqual(["boss@example.com"]);
    const boss = await db.prisma.user.findUniqueOrThrow({ where: { email: "boss@example.com" }, include: { accounts: true } });
    expect(boss).toMatchObject({ role: "admin", name: "The Boss", emailVerified: true });
    expect(await verifyPassword({ hash: boss.accounts[0]?.password ?? "", password: "a-long-password" })).toBe(true);

    const promoted = await seed(db.prisma, { demo: false, admin: { email: "employee@lore.local" } });
    expect(promoted.users.promoted).toEqual(["employee@lore.local"]);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { email: "employee@lore.local" } })).role).toBe("admin");
    expect(await db.prisma.auditLog.count({ where: { action: "user.role_changed" } })).toBe(1);

    await expect(seed(db.prisma, { demo: false, admin: { email: "nobody@example.com" } })).rejects.toThrowError(
      /ADMIN_PASSWORD is not set/,
    );
  });

  it("works with an incomplete content folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lore-seed-partial-"));
    try {
      mkdirSync(join(dir, "wiki"));
      writeFileSync(join(dir, "wiki", "only-page.md"), "# The only page\n\nHello.");
      const summary = await seed(db.prisma, { demo: true, admin: null, contentDir: dir });
      expect(summary.documents.created).toEqual(["only-page"]);
      expect(summary.examples.created).toBe(0);
      const doc = await db.prisma.document.findFirstOrThrow({ where: { externalId: "only-page" }, include: { accessGroups: true } });
      expect(doc).toMatchObject({ title: "The only page", tags: [] });
      expect(doc.accessGroups).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
