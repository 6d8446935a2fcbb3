import { createHash, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { DEFAULT_PROMPT_NAME, DEFAULT_SYSTEM_PROMPT } from "./default-prompt";
import { env } from "./env";
import { Prisma, type PrismaClient } from "./generated/prisma/client";
import { defaultSeedDir } from "./paths";
import { loadSeedContent, type SeedExample, type SeedPage } from "./seed-content";

/*
 * Idempotent seeding. Every run may be the tenth, so nothing is ever overwritten, and nothing
 * the seed created is created twice:
 *
 * - Rows are found by their natural key first (user email, group name, document source +
 *   externalId, example question, prompt version).
 * - Each creation also appends a marker to the audit log (target_type "seed"). The audit log is
 *   append-only, so the marker outlives the row: when an admin deletes a demo user, page or
 *   example, or rewrites an example's question, the next run sees the marker and leaves it be.
 *   A deleted demo admin with a published password must stay deleted.
 * - Each item is written in its own short transaction, together with its marker.
 *
 * The first admin from ADMIN_EMAIL is the exception: it is configuration, not content, so it is
 * created whenever missing and promoted to admin if it exists with another role.
 */

export interface SeedAdmin {
  email: string;
  /** Needed only to create the user; an existing user keeps their password. */
  password?: string;
  name?: string;
}

export interface SeedOptions {
  /** Seed the demo company: demo users, groups, wiki pages, few-shot examples. Default: LORE_SEED_DEMO. */
  demo?: boolean;
  /** The first admin. Default: ADMIN_EMAIL / ADMIN_PASSWORD / ADMIN_NAME when set; null for none. */
  admin?: SeedAdmin | null;
  /** Folder with wiki/, manifest.json and examples.json. Default: prisma/seed. */
  contentDir?: string;
  log?: (message: string) => void;
}

export interface SeedSummary {
  users: { created: string[]; promoted: string[]; existing: string[] };
  groups: { created: string[]; existing: string[] };
  memberships: number;
  documents: { created: string[]; existing: string[] };
  examples: { created: number; existing: number };
  promptConfig: "created" | "existing";
  /** Problems in the content folder and items deliberately not recreated. */
  warnings: string[];
}

export const DEMO_PASSWORDS = {
  admin: "lore-admin-demo",
  employee: "lore-employee-demo",
} as const;

export const DEMO_GROUPS: ReadonlyArray<{ name: string; description: string }> = [
  { name: "hr", description: "People team: HR, compensation and people data." },
  { name: "finance", description: "Finance: accounting, payroll and budgets." },
  { name: "engineering", description: "Engineering: product, platform and security engineering." },
  { name: "leadership", description: "Leadership team and board material." },
];

interface DemoUser {
  email: string;
  name: string;
  role: "admin" | "employee";
  password: string;
  groups: string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: "admin@lore.local",
    name: "Avery Admin",
    role: "admin",
    password: DEMO_PASSWORDS.admin,
    groups: DEMO_GROUPS.map((g) => g.name),
  },
  {
    email: "employee@lore.local",
    name: "Dana Employee",
    role: "employee",
    password: DEMO_PASSWORDS.employee,
    groups: ["engineering"],
  },
];

const SEED_SOURCE = "seed";
const MARKER_TYPE = "seed";

type MarkerKind = "user" | "document" | "example" | "prompt";

function markerId(kind: MarkerKind, key: string): string {
  return `${kind}:${key}`;
}

function markerFor(kind: MarkerKind, key: string, id: string) {
  return {
    action: "seed.created",
    targetType: MARKER_TYPE,
    targetId: markerId(kind, key),
    data: { id },
  } satisfies Prisma.AuditLogCreateInput;
}

function exampleKey(question: string): string {
  return createHash("sha256").update(question.trim().toLowerCase().replace(/\s+/g, " ")).digest("hex").slice(0, 32);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function adminFromEnv(): SeedAdmin | null {
  if (!env.ADMIN_EMAIL) return null;
  return { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME };
}

async function ensurePromptConfig(prisma: PrismaClient, markers: Set<string>): Promise<"created" | "existing"> {
  if (markers.has(markerId("prompt", "default")) || (await prisma.promptConfig.count()) > 0) return "existing";
  const id = randomUUID();
  try {
    await prisma.$transaction([
      prisma.promptConfig.create({
        data: {
          id,
          name: DEFAULT_PROMPT_NAME,
          version: 1,
          systemPrompt: DEFAULT_SYSTEM_PROMPT,
          isActive: true,
          notes: "Created by the seed. To change it, create a new version in the admin console.",
        },
      }),
      prisma.auditLog.create({ data: markerFor("prompt", "default", id) }),
    ]);
    return "created";
  } catch (error) {
    if (isUniqueViolation(error)) return "existing";
    throw error;
  }
}

async function createUser(
  prisma: PrismaClient,
  user: { email: string; name: string; role: "admin" | "employee"; password: string; groupIds: string[] },
  marker: boolean,
): Promise<boolean> {
  // Hashing (scrypt) is deliberately slow: do it before the transaction, never inside.
  const passwordHash = await hashPassword(user.password);
  const id = randomUUID();
  const create = prisma.user.create({
    data: {
      id,
      name: user.name,
      email: user.email,
      emailVerified: true,
      role: user.role,
      // better-auth signs in with email + password through the "credential" account.
      accounts: { create: { id: randomUUID(), accountId: id, providerId: "credential", password: passwordHash } },
      memberships: { create: user.groupIds.map((groupId) => ({ groupId })) },
    },
  });
  try {
    if (marker) await prisma.$transaction([create, prisma.auditLog.create({ data: markerFor("user", user.email, id) })]);
    else await create;
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // created concurrently by another run
    throw error;
  }
}

async function ensureFirstAdmin(prisma: PrismaClient, admin: SeedAdmin, summary: SeedSummary, log: (m: string) => void) {
  const email = admin.email.trim().toLowerCase();
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, role: true } });
  if (existing) {
    if (existing.role === "admin") {
      summary.users.existing.push(email);
      return;
    }
    await prisma.$transaction([
      prisma.user.update({ where: { id: existing.id }, data: { role: "admin" } }),
      prisma.auditLog.create({
        data: {
          action: "user.role_changed",
          targetType: "user",
          targetId: existing.id,
          data: { from: existing.role, to: "admin", by: "ADMIN_EMAIL" },
        },
      }),
    ]);
    summary.users.promoted.push(email);
    log(`promoted ${email} to admin (ADMIN_EMAIL)`);
    return;
  }
  if (!admin.password) {
    throw new Error(`ADMIN_EMAIL is ${email} but ADMIN_PASSWORD is not set: the first admin cannot be created without a password.`);
  }
  const created = await createUser(
    prisma,
    { email, name: admin.name ?? "Administrator", role: "admin", password: admin.password, groupIds: [] },
    false,
  );
  (created ? summary.users.created : summary.users.existing).push(email);
  if (created) log(`created the first admin ${email}`);
}

async function ensureGroups(prisma: PrismaClient, names: string[], summary: SeedSummary): Promise<Map<string, string>> {
  const descriptions = new Map(DEMO_GROUPS.map((g) => [g.name, g.description]));
  const existing = await prisma.group.findMany({ where: { name: { in: names } }, select: { name: true } });
  const have = new Set(existing.map((g) => g.name));
  const missing = names.filter((name) => !have.has(name));
  // Groups are always ensured, even if deleted since: a restricted page must never be created
  // without the group that guards it.
  if (missing.length > 0) {
    await prisma.group.createMany({
      data: missing.map((name) => ({ id: randomUUID(), name, description: descriptions.get(name) ?? null })),
      skipDuplicates: true,
    });
  }
  summary.groups.created.push(...missing);
  summary.groups.existing.push(...names.filter((name) => have.has(name)));
  const all = await prisma.group.findMany({ where: { name: { in: names } }, select: { id: true, name: true } });
  return new Map(all.map((g) => [g.name, g.id]));
}

async function seedPage(prisma: PrismaClient, page: SeedPage, groupIds: Map<string, string>): Promise<boolean> {
  const id = randomUUID();
  const versionId = randomUUID();
  const accessGroupIds = page.groups.map((name) => {
    const groupId = groupIds.get(name);
    if (!groupId) throw new Error(`group ${name} for wiki/${page.file} is missing`);
    return groupId;
  });
  try {
    await prisma.$transaction([
      prisma.document.create({
        data: {
          id,
          source: SEED_SOURCE,
          externalId: page.externalId,
          url: page.url,
          title: page.title,
          mimeType: page.mimeType,
          contentHash: page.contentHash,
          language: "english",
          tags: page.tags,
          // Chunking and embedding happen in the ingestion pipeline, which picks up pending documents.
          status: "pending",
          versions: {
            create: {
              id: versionId,
              version: 1,
              contentHash: page.contentHash,
              title: page.title,
              content: page.content,
              byteSize: page.byteSize,
            },
          },
          accessGroups: { create: accessGroupIds.map((groupId) => ({ groupId })) },
        },
      }),
      prisma.document.update({ where: { id }, data: { currentVersionId: versionId } }),
      prisma.auditLog.create({ data: markerFor("document", page.externalId, id) }),
    ]);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

async function seedExample(prisma: PrismaClient, example: SeedExample, documentIds: Map<string, string>, warnings: string[]) {
  const id = randomUUID();
  const linked: string[] = [];
  for (const externalId of example.documents) {
    const documentId = documentIds.get(externalId);
    if (documentId) linked.push(documentId);
    else warnings.push(`example "${example.question.slice(0, 60)}" cites ${externalId}, which is not a seeded document; link skipped`);
  }
  await prisma.$transaction([
    prisma.fewShotExample.create({
      data: {
        id,
        question: example.question,
        answer: example.answer,
        tags: example.tags,
        pinned: example.pinned,
        documents: { create: [...new Set(linked)].map((documentId) => ({ documentId })) },
      },
    }),
    prisma.auditLog.create({ data: markerFor("example", exampleKey(example.question), id) }),
  ]);
}

/**
 * Creates what a fresh Lore needs (the first prompt configuration, the first admin) and, with
 * `demo`, the demo company. Safe to run any number of times.
 */
export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const log = options.log ?? (() => undefined);
  const demo = options.demo ?? env.LORE_SEED_DEMO;
  const admin = options.admin === undefined ? adminFromEnv() : options.admin;
  const summary: SeedSummary = {
    users: { created: [], promoted: [], existing: [] },
    groups: { created: [], existing: [] },
    memberships: 0,
    documents: { created: [], existing: [] },
    examples: { created: 0, existing: 0 },
    promptConfig: "existing",
    warnings: [],
  };

  const markerRows = await prisma.auditLog.findMany({ where: { targetType: MARKER_TYPE }, select: { targetId: true } });
  const markers = new Set(markerRows.map((row) => row.targetId).filter((id): id is string => id !== null));

  summary.promptConfig = await ensurePromptConfig(prisma, markers);
  if (admin) await ensureFirstAdmin(prisma, admin, summary, log);
  if (!demo) return summary;

  const content = loadSeedContent(options.contentDir ?? defaultSeedDir());
  summary.warnings.push(...content.warnings);

  const groupNames = [...new Set([...DEMO_GROUPS.map((g) => g.name), ...content.pages.flatMap((p) => p.groups)])];
  const groupIds = await ensureGroups(prisma, groupNames, summary);

  for (const user of DEMO_USERS) {
    const exists = await prisma.user.findUnique({ where: { email: user.email }, select: { id: true } });
    if (exists) {
      summary.users.existing.push(user.email);
      continue;
    }
    if (markers.has(markerId("user", user.email))) {
      summary.warnings.push(`demo user ${user.email} was deleted after seeding; not recreated`);
      continue;
    }
    const groupIdsForUser = user.groups.map((name) => groupIds.get(name)).filter((id): id is string => !!id);
    if (await createUser(prisma, { ...user, groupIds: groupIdsForUser }, true)) {
      summary.users.created.push(user.email);
      summary.memberships += groupIdsForUser.length;
    } else summary.users.existing.push(user.email);
  }

  const existingDocs = await prisma.document.findMany({
    where: { source: SEED_SOURCE, externalId: { in: content.pages.map((p) => p.externalId) } },
    select: { externalId: true },
  });
  const haveDocs = new Set(existingDocs.map((d) => d.externalId));
  for (const page of content.pages) {
    if (haveDocs.has(page.externalId)) {
      summary.documents.existing.push(page.externalId);
      continue;
    }
    if (markers.has(markerId("document", page.externalId))) {
      summary.warnings.push(`document ${page.externalId} was deleted after seeding; not recreated`);
      continue;
    }
    ((await seedPage(prisma, page, groupIds)) ? summary.documents.created : summary.documents.existing).push(page.externalId);
  }

  const seededDocs = await prisma.document.findMany({ where: { source: SEED_SOURCE }, select: { id: true, externalId: true } });
  const documentIds = new Map(seededDocs.map((d) => [d.externalId, d.id]));
  const existingQuestions = new Set(
    (await prisma.fewShotExample.findMany({ select: { question: true } })).map((e) => exampleKey(e.question)),
  );
  for (const example of content.examples) {
    const key = exampleKey(example.question);
    if (existingQuestions.has(key) || markers.has(markerId("example", key))) {
      summary.examples.existing++;
      continue;
    }
    await seedExample(prisma, example, documentIds, summary.warnings);
    existingQuestions.add(key);
    summary.examples.created++;
  }

  const createdAnything =
    summary.users.created.length + summary.groups.created.length + summary.documents.created.length + summary.examples.created > 0 ||
    summary.promptConfig === "created";
  if (createdAnything) {
    log(
      `seeded: ${summary.users.created.length} users, ${summary.groups.created.length} groups, ` +
        `${summary.documents.created.length} documents, ${summary.examples.created} examples` +
        (summary.promptConfig === "created" ? ", the default prompt" : ""),
    );
  }
  return summary;
}
