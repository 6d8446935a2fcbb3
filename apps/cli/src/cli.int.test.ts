/**
 * The CLI as users run it: a real `tsx` process against a real (embedded) database, through DATABASE_URL.
 * (Without DATABASE_URL it uses the embedded database `npm start` uses: embedded-database.int.test.ts.)
 */
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "@lore/db/testing";
import { VECTOR_INDEX_MIN_ROWS, readVectorIndex } from "@lore/core/knowledge-base";
import { addSyntheticRows } from "@lore/core/testing";

const run = promisify(execFile);
const main = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

let db: TestDatabase;
let folder: string;

async function lore(args: string[], env: Record<string, string | undefined> = {}, timeout = 30_000) {
  try {
    // `node --import tsx` (one process) rather than the tsx binary (which spawns a second node).
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", main, ...args], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: db.url, ...env },
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  db = await startTestDatabase();
  folder = mkdtempSync(path.join(tmpdir(), "lore-cli-"));
  writeFileSync(
    path.join(folder, "leave.md"),
    "# Leave policy\n\n## Parental leave\n\nEmployees get sixteen weeks of paid parental leave.\n",
  );
  writeFileSync(path.join(folder, "expenses.md"), "# Expenses\n\nSubmit taxi receipts within thirty days through the finance portal.\n");
  writeFileSync(path.join(folder, "broken.pdf"), "this is not a pdf");
});

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await db?.stop();
});

/**
 * Starts `lore eval <command>` on `pages` rota pages and `questions` questions about them, with a temp folder of its
 * own (so what the run leaves there, or not, is all it left) and the embedded temporary database.
 */
function startRotaEval(work: string, command: "retrieval" | "ladder", size: { pages: number; questions: number }) {
  const temp = path.join(work, "tmp");
  const corpus = path.join(work, "corpus");
  mkdirSync(temp);
  mkdirSync(corpus);
  // The migrated database templates the tests already built (else the run builds them there first: ~30 s).
  const templates = path.join(tmpdir(), "lore-db-templates");
  if (existsSync(templates)) cpSync(templates, path.join(temp, "lore-db-templates"), { recursive: true });
  for (let i = 0; i < size.pages; i++)
    writeFileSync(path.join(corpus, `page-${i}.md`), `# Page ${i}\n\nThe rota for team ${i} is kept by desk ${i * 7}.\n`);
  const questions = path.join(work, "questions.jsonl");
  writeFileSync(
    questions,
    Array.from({ length: size.questions }, (_, i) => {
      const team = i % size.pages;
      return JSON.stringify({
        id: i,
        question: `Who keeps the rota for team ${team}?`,
        answers: [`desk ${team * 7}`],
        source_ids: [`page-${team}`],
      });
    }).join("\n"),
  );
  const child = spawn(process.execPath, ["--import", "tsx", main, "eval", command, "--corpus", corpus, "--questions", questions], {
    cwd: packageDir,
    // The embedded temporary database, in `temp` (LORE_TEST_DATABASE_URL would put it on that server).
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "LORE_TEST_DATABASE_URL")),
      TMPDIR: temp,
      LLM_PROVIDER: "extractive",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const databases = () => readdirSync(temp).filter((name) => name.startsWith("lore-test-db-"));
  return { child, output, exited, databases, temp };
}

describe("lore CLI", () => {
  it("imports a folder (listing the bad file, keeping the others) and finds the documents with search --json", async () => {
    const imported = await lore(["import", folder, "--tag", "handbook"]);
    expect(imported.stderr).toMatch(/broken\.pdf/);
    expect(imported.stderr).toMatch(/2 created, 0 updated, 0 unchanged, 1 failed/);
    expect(imported.code).toBe(0);

    const found = await lore(["search", "parental leave weeks", "--json", "--k", "3"]);
    expect(found.code).toBe(0);
    const answer = JSON.parse(found.stdout.trim()) as {
      as: string | null;
      results: { title: string; headingPath: string[]; text: string }[];
    };
    expect(answer.as).toBeNull();
    expect(answer.results[0]?.title).toBe("Leave policy");
    expect(answer.results[0]?.text).toMatch(/sixteen weeks/);

    // Filters: the tag and source they were imported with, and dates around now.
    const [matching, excluded] = await Promise.all([
      lore([
        "search",
        "parental leave weeks",
        "--json",
        "--tag",
        "other",
        "--tag",
        "handbook",
        "--source",
        "cli",
        "--since",
        "2020-01-01",
        "--until",
        new Date(Date.now() + 86_400_000).toISOString(),
      ]),
      lore(["search", "parental leave weeks", "--json", "--tag", "other"]),
    ]);
    const filtered = JSON.parse(matching.stdout.trim()) as { filters: Record<string, unknown>; results: { title: string }[] };
    expect(filtered.results[0]?.title).toBe("Leave policy");
    expect(filtered.filters).toMatchObject({ sources: ["cli"], tags: ["other", "handbook"], updatedAfter: "2020-01-01T00:00:00.000Z" });
    expect((JSON.parse(excluded.stdout.trim()) as { results: unknown[] }).results).toEqual([]);
  }, 60_000);

  it("import --bulk loads without the search indexes and rebuilds them after, as they were", async () => {
    // The term index; no vector index yet for so few chunks (knowledge-base/search-indexes/maintenance.int.test.ts covers its build after a bulk load).
    const indexes = () =>
      db.prisma.$queryRaw<
        { indexdef: string }[]
      >`SELECT indexdef FROM pg_indexes WHERE indexname IN ('chunks_embedding_384_ivf_idx', 'chunk_terms_term_impact_idx') ORDER BY indexname`;
    const before = await indexes();
    expect(before).toHaveLength(1);
    const imported = await lore(["import", folder, "--bulk", "--source", "bulk-cli", "--json"]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/1 search index dropped/);
    expect(imported.stderr).toMatch(/search indexes rebuilt in [\d.]+ s/);
    expect(JSON.parse(imported.stdout.trim())).toMatchObject({ created: 2, failed: 1, indexBuildSeconds: expect.any(Number) });
    expect(await indexes()).toEqual(before);
  }, 60_000);

  it("fails with one clear line and exit code 1 for an unknown user, no usable database and an unknown group", async () => {
    // Without DATABASE_URL the CLI opens the embedded database in LORE_DATA_DIR: here a folder of other files.
    const notADataDir = mkdtempSync(path.join(tmpdir(), "lore-cli-not-data-"));
    mkdirSync(path.join(notADataDir, "pg"));
    writeFileSync(path.join(notADataDir, "pg", "notes.txt"), "not a database");
    // Independent failures: run them side by side.
    const [unknownUser, noDb, badGroup, badDate, backwards, stoppedDb, hugeK, emptyTag] = await Promise.all([
      lore(["search", "leave", "--as", "nobody@example.com"]),
      lore(["search", "leave"], { DATABASE_URL: "", LORE_DATA_DIR: notADataDir }),
      lore(["import", folder, "--group", "no-such-group"]),
      lore(["search", "leave", "--since", "2026-02-30"]),
      lore(["search", "leave", "--since", "2026-11-25", "--until", "2026-11-24"]),
      lore(["search", "leave"], { DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:1/lore" }), // nothing listens on port 1
      lore(["search", "leave", "--k", "10000"]),
      lore(["import", folder, "--tag", "hr", "--tag", " "]),
    ]);
    expect(emptyTag.code).toBe(1);
    expect(emptyTag.stderr.trim()).toBe('lore: --tag "" is empty; nothing was imported.');
    expect(stoppedDb.code).toBe(1);
    expect(stoppedDb.stderr.trim()).toBe("lore: cannot connect to the database. Is it running? Check DATABASE_URL.");
    expect(hugeK.code).toBe(1);
    expect(hugeK.stderr).toMatch(/--k <n>' argument '10000' is invalid\. expected at most 200\./);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr.trim()).toMatch(/^lore: --since "2026-02-30" is not a date\. Use YYYY-MM-DD/);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr.trim()).toBe("lore: --since is after --until: no document could match.");
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr.trim()).toMatch(/^lore: No user with the email "nobody@example.com"/);
    expect(unknownUser.stderr).not.toMatch(/\n\s+at /); // no stack trace

    expect(noDb.code).toBe(1);
    expect(noDb.stderr.trim().split("\n")).toHaveLength(1);
    expect(noDb.stderr).toMatch(/^lore: .* is not empty and does not hold a Lore database/);
    rmSync(notADataDir, { recursive: true, force: true });

    expect(badGroup.code).toBe(1);
    expect(badGroup.stderr.trim()).toMatch(/^lore: Unknown group: no-such-group\./);
  }, 60_000);

  it("eval ladder prints one row per rung: prompt-only refuses everything, few-shot answers its example's twin, retrieval cites", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "lore-cli-ladder-"));
    try {
      const pages = path.join(work, "pages");
      mkdirSync(pages);
      const page = (name: string, title: string, text: string) => writeFileSync(path.join(pages, `${name}.md`), `# ${title}\n\n${text}\n`);
      page(
        "leave",
        "Annual leave",
        "Every employee gets 27 days of annual leave per calendar year. Unused days can be carried over until March.",
      );
      page("expenses", "Expenses", "Travel expenses are reimbursed within 30 days when a receipt is attached to the claim.");
      page("parking", "Parking", "Bike parking is in the basement of the main office, next to the showers.");
      page("badges", "Badges", "A lost badge must be reported to the security desk on the ground floor.");
      const q = (id: string, question: string, answer: string | null, source?: string) =>
        JSON.stringify({ id, question, answers: answer ? [answer] : [], source_ids: source ? [source] : [], answerable: answer !== null });
      const questions = path.join(work, "questions.jsonl");
      writeFileSync(
        questions,
        [
          // q1 becomes the one example (--examples-from-questions 1); q5 asks the same thing in other words.
          q("q1", "How many days of annual leave does an employee get per year?", "27 days", "leave"),
          q("q2", "When are travel expenses reimbursed?", "within 30 days", "expenses"),
          q("q3", "Where is the bike parking?", "in the basement", "parking"),
          q("q4", "Where must a lost badge be reported?", "security desk", "badges"),
          q("q5", "How many days of annual leave does an employee get each year?", "27 days", "leave"),
          q("q6", "What is the capital of Mongolia?", null),
        ].join("\n"),
      );
      const ran = await lore(
        ["eval", "ladder", "--corpus", pages, "--questions", questions, "--examples-from-questions", "1", "--json"],
        { LLM_PROVIDER: "extractive" },
        90_000,
      );
      expect(ran.stderr).not.toMatch(/^lore: /m);
      expect(ran.code).toBe(0);
      const rows = ran.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(rows.map((r) => r.rung)).toEqual(["prompt-only", "few-shot", "rag-vector", "hybrid", "hybrid+few-shot"]);
      const by = Object.fromEntries(rows.map((r) => [r.rung as string, r]));
      for (const row of rows)
        expect(row).toMatchObject({
          model: "extractive",
          questions: 5,
          answerable: 4,
          documents: 4,
          example_question_ids: ["q1"],
          errors: 0,
        });
      // Nothing to quote without retrieval: the extractive default refuses every question, and retrieval is not measured.
      expect(by["prompt-only"]).toMatchObject({ false_refusal_rate: 1, refusal_accuracy: 1, recall_at_k: null, modes: { not_found: 5 } });
      // The example answers its near-duplicate as written (a standard answer), citing its source; the rest is refused.
      expect(by["few-shot"]).toMatchObject({ modes: { standard: 1, not_found: 4 }, contains_reference: 0.25, citation_precision: 1 });
      // Retrieval finds and cites every source; the unanswerable question is still refused.
      for (const rung of ["rag-vector", "hybrid", "hybrid+few-shot"])
        expect(by[rung]).toMatchObject({ recall_at_k: 1, mrr: 1, citation_recall: 1, false_refusal_rate: 0, refusal_accuracy: 1 });
      expect((by["hybrid+few-shot"]!.modes as Record<string, number>).standard).toBe(1);
      expect(by["rag-vector"]!.config).toMatchObject({ retrieval: { enabled: true, mode: "vector" }, examples: { enabled: false } });
      expect(by.hybrid!.latency_ms).toMatchObject({ retrieve: { p50: expect.any(Number) }, total: { p95: expect.any(Number) } });
      expect(ran.stderr).toMatch(/examples: questions q1/);
      expect(ran.stderr).toMatch(/^\| hybrid\+few-shot \| 1\.000 \/ 1\.000 \|/m);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it("eval retrieval stopped with Ctrl-C deletes its temporary database and exits 130", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "lore-cli-interrupt-"));
    try {
      const run = startRotaEval(work, "retrieval", { pages: 600, questions: 50 });
      // Interrupted while it imports into its temporary database.
      await expect.poll(run.databases, { timeout: 60_000, interval: 100 }).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(run.child.exitCode).toBeNull();
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(130);
      expect(run.output.stderr).toMatch(/lore: interrupted; the temporary database was deleted\./);
      expect(run.databases()).toEqual([]);
      expect(existsSync(run.temp)).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it("eval ladder stopped with Ctrl-C while it answers deletes its temporary database and exits 130", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "lore-cli-ladder-interrupt-"));
    try {
      const run = startRotaEval(work, "ladder", { pages: 20, questions: 400 });
      // Interrupted once the import is done, while the rungs answer.
      await expect.poll(() => run.output.stderr, { timeout: 90_000, interval: 100 }).toMatch(/imported 20 documents/);
      expect(run.databases()).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(run.child.exitCode).toBeNull();
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(130);
      expect(run.output.stderr).toMatch(/lore: interrupted; the temporary database was deleted\./);
      expect(run.databases()).toEqual([]);
      // Stopped before the last rung: fewer than five rows were printed.
      expect(run.output.stdout.split("\n").filter(Boolean).length).toBeLessThan(5);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  // Last: it leaves a re-embedding queued (no worker runs in this test), which the tests above must not see.
  it("import sizes the vector index for the rows there are after it: built once there are enough", async () => {
    expect(await readVectorIndex(db.prisma, 384)).toBeNull();
    const present = await db.prisma.chunk.count({ where: { embeddingDims: 384 } });
    await addSyntheticRows(db.prisma, VECTOR_INDEX_MIN_ROWS - present, 384);
    const page = path.join(folder, "more", "travel.md");
    mkdirSync(path.dirname(page), { recursive: true });
    writeFileSync(page, "# Travel\n\nBook trains through the travel desk.\n");
    const imported = await lore(["import", path.dirname(page), "--json"]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/building the vector index chunks_embedding_384_ivf_idx for 1001 rows \(32 lists\)/);
    expect(JSON.parse(imported.stdout.trim())).toMatchObject({ created: 1, indexBuildSeconds: expect.any(Number) });
    expect(await readVectorIndex(db.prisma, 384)).toMatchObject({ lists: 32, valid: true });
  }, 60_000);

  it("reembed queues one job when EMBEDDING_* names another model, and --status shows it; search stays on the active model", async () => {
    const same = await lore(["reembed", "--json"]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout.trim())).toMatchObject({ started: { status: "up-to-date", model: "hashing-v1-384" } });
    expect(same.stderr).toMatch(/nothing to re-embed/);

    const changed = { EMBEDDING_DIMENSIONS: "256" };
    const started = await lore(["reembed", "--json"], changed);
    expect(started.code).toBe(0);
    const { started: job } = JSON.parse(started.stdout.trim()) as { started: { status: string; jobId: string } };
    expect(job).toMatchObject({ status: "started", from: "hashing-v1-384", to: "hashing-v1-256" });
    expect(started.stderr).toMatch(/Re-embedding started: job .*search uses hashing-v1-384 until it is done/);

    const again = await lore(["reembed", "--json"], changed);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ started: { status: "running", jobId: job.jobId } });
    const status = await lore(["reembed", "--status"], changed);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/Active embedding model \(serves search\): hashing-v1-384/);
    expect(status.stderr).toMatch(/Being built: hashing-v1-256 \(256 dimensions\) — queued, 0 of 0 chunks embedded/);

    // The CLI's search embeds the question with the active model, whatever EMBEDDING_* says now.
    const found = await lore(["search", "parental leave weeks", "--json", "--mode", "vector"], changed);
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout.trim()) as { results: { title: string }[] }).results[0]?.title).toBe("Leave policy");
  }, 60_000);
});
