/**
 * Without DATABASE_URL the CLI works on the embedded database `npm start` uses (LORE_DATA_DIR): the server that serves
 * the folder when Lore is running, otherwise one it starts on the folder for the length of the command (created,
 * migrated and seeded as `npm start` would), stopped cleanly at the end and on Ctrl-C.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@lore/db";
import { redactPassword, startEmbeddedServer } from "@lore/db/embedded";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const main = path.join(here, "main.ts");
const packageDir = path.resolve(here, "..");

let dataRoot: string;
let pgDir: string;
let lockFile: string;
let pages: string;

/** The environment of `npm run lore` with nothing configured, on this test's data folder. */
function cliEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: "",
    LORE_DATA_DIR: dataRoot,
    LORE_SEED_DEMO: "",
    ADMIN_EMAIL: "",
    ADMIN_PASSWORD: "",
    EMBEDDING_PROVIDER: "hashing",
  };
}

async function lore(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", main, ...args], {
      cwd: packageDir,
      env: cliEnv(),
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const lockOwner = () => (existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number; url?: string }) : null);

beforeAll(() => {
  dataRoot = mkdtempSync(path.join(tmpdir(), "lore-cli-data-"));
  pgDir = path.join(dataRoot, "pg");
  lockFile = path.join(pgDir, "lore-server.lock");
  pages = mkdtempSync(path.join(tmpdir(), "lore-cli-pages-"));
});

afterAll(() => {
  rmSync(dataRoot, { recursive: true, force: true });
  rmSync(pages, { recursive: true, force: true });
});

describe("lore without DATABASE_URL", () => {
  it("creates the data folder when Lore is not running, as npm start would (migrated, the demo seeded and indexed), and closes it", async () => {
    const first = await lore(["search", "parental leave", "--json", "--k", "3", "--as", "employee@lore.local"]);
    expect(first.stderr).toMatch(/lore: created the embedded database in .*pg/);
    expect(first.stderr).toMatch(/lore: applied \d+ migration\(s\)/);
    expect(first.stderr).toMatch(/lore: seeded: 2 users, 4 groups, \d+ documents/);
    expect(first.stderr).toMatch(/lore: indexed \d+ pending document\(s\)\./);
    expect(first.code).toBe(0);
    const answer = JSON.parse(first.stdout.trim()) as { as: string | null; results: { title: string }[] };
    expect(answer.as).toBe("employee@lore.local");
    expect(answer.results[0]?.title).toBe("Parental leave");
    expect(existsSync(path.join(pgDir, "PG_VERSION"))).toBe(true);
    expect(lockOwner()).toBeNull(); // stopped and released

    // The same folder again: opened, nothing to create, the same answer.
    const again = await lore(["search", "parental leave", "--json", "--k", "1"]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/created|applied|seeded|indexed/);
    expect((JSON.parse(again.stdout.trim()) as { results: { title: string }[] }).results[0]?.title).toBe("Parental leave");
    expect(lockOwner()).toBeNull();
  }, 120_000);

  it("works on the server that serves the folder when Lore is running, and leaves it running", async () => {
    const server = await startEmbeddedServer({ dataDir: pgDir, port: 0, prewarm: false });
    const prisma = createPrismaClient(server.url, { maxConnections: 1 });
    try {
      const folder = path.join(pages, "running");
      mkdirSync(folder);
      writeFileSync(path.join(folder, "bikes.md"), "# Bike scheme\n\nThe zorbulent cycle-to-work scheme lends bikes for a year.\n");
      const imported = await lore(["import", folder, "--source", "while-running", "--json"]);
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout.trim())).toMatchObject({ created: 1, failed: 0 });
      expect(imported.stderr).not.toMatch(/created the embedded database|applied|seeded/);

      // Written through the running server, which is still up and still owns the folder.
      expect(await prisma.document.count({ where: { source: "while-running" } })).toBe(1);
      expect(lockOwner()).toMatchObject({ pid: process.pid, url: redactPassword(server.url) });
      const found = await lore(["search", "zorbulent bikes", "--json", "--k", "1"]);
      expect((JSON.parse(found.stdout.trim()) as { results: { title: string }[] }).results[0]?.title).toBe("Bike scheme");
    } finally {
      await prisma.$disconnect();
      await server.stop();
    }
  }, 120_000);

  it("closes the server it started cleanly on Ctrl-C: exit code 130, the folder released and usable", async () => {
    const folder = path.join(pages, "many");
    mkdirSync(folder);
    for (let i = 0; i < 400; i++)
      writeFileSync(path.join(folder, `page-${i}.md`), `# Page ${i}\n\nThe rota for team ${i} is kept by desk ${i * 7}.\n`);
    const child = spawn(process.execPath, ["--import", "tsx", main, "import", folder, "--source", "interrupted"], {
      cwd: packageDir,
      env: cliEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Its own server is up (the lock names its URL): interrupt whatever it is doing.
    await expect.poll(() => lockOwner()?.url, { timeout: 60_000, interval: 100 }).toBeTruthy();
    expect(lockOwner()?.pid).toBe(child.pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(child.exitCode).toBeNull();
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/lore: interrupted; the embedded database was closed cleanly\./);
    expect(lockOwner()).toBeNull();

    const after = await lore(["search", "rota for team 7", "--json", "--k", "1"]);
    expect(after.code).toBe(0);
  }, 120_000);
});
