/**
 * A real worker process (`node --import tsx src/main.ts`, as `npm start` runs it) is killed with SIGKILL in the
 * middle of an ingestion job; a second worker process picks the job up through pg-boss (the dead worker's heartbeat
 * stops, the supervisor fails its attempt, the queue retries it) and finishes it without duplicates.
 *
 * Timings come from the environment the worker reads, not from test hooks: LORE_JOB_HEARTBEAT_SECONDS=10 (pg-boss's
 * minimum) and LORE_JOB_SUPERVISE_SECONDS=1 bring the hand-over from ~30–90 s down to ~15–25 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "@lore/db/testing";
import { enqueueIngestion } from "@lore/core/knowledge-base";
import { INGEST_QUEUE, getJobQueue, unregisterJobQueue } from "@lore/core/queue";
import { makeZip, queueJobEnded, until } from "@lore/core/testing";

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "..");
const workerMain = path.join(here, "main.ts");

/** Files of the upload: one zip whose entries each count as a file, and two plain files around it. */
const ZIP_ENTRIES = 150;
const FILES_TOTAL = ZIP_ENTRIES + 2;

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let db: TestDatabase;
let boss: PgBoss | undefined;
const workers: WorkerProcess[] = [];

function startWorkerProcess(): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", workerMain], {
    cwd: packageDir,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      LORE_JOB_HEARTBEAT_SECONDS: "10",
      LORE_JOB_SUPERVISE_SECONDS: "1",
      EMBEDDING_PROVIDER: "hashing",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const worker = { child, output: () => output, exited };
  workers.push(worker);
  return worker;
}

async function waitForReady(worker: WorkerProcess): Promise<void> {
  await until(
    "the worker to start",
    async () =>
      worker.output().includes("job worker ready") ||
      (worker.child.exitCode !== null ? Promise.reject(new Error(`worker exited:\n${worker.output()}`)) : false),
    30_000,
    worker.output,
  );
}

/** A policy page with a few sections, so each document has several chunks. */
function page(i: number): string {
  const word = `topic${i}x${(i * 7919) % 10007}`;
  const sections = Array.from(
    { length: 4 },
    (_, s) => `## Part ${s + 1}\n\n${`The ${word} rule ${s} says employees keep their ${word} records for ${s + 2} years. `.repeat(12)}\n`,
  );
  return `# Policy ${i} ${word}\n\n${sections.join("\n")}`;
}

beforeAll(async () => {
  db = await startTestDatabase();
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  if (boss) {
    unregisterJobQueue(db.prisma);
    await boss.stop({ graceful: false, timeout: 2_000 });
  }
  await db?.stop();
});

describe("a worker process killed mid-job", () => {
  it("leaves the job to another worker, which finishes it: every document once, one version, no stray chunks, right counters", async () => {
    const first = startWorkerProcess();
    await waitForReady(first);

    const source = `kill-${randomUUID()}`;
    const zip = await makeZip(
      Array.from({ length: ZIP_ENTRIES }, (_, i) => ({ name: `wiki/page-${String(i).padStart(3, "0")}.md`, data: page(i) })),
    );
    boss = await getJobQueue(db.prisma, db.url);
    const { jobId } = await enqueueIngestion(db.prisma, boss, {
      source,
      files: [
        { name: "intro.md", bytes: new TextEncoder().encode(page(10_000)) },
        { name: "export.zip", bytes: new Uint8Array(zip) },
        { name: "outro.txt", bytes: new TextEncoder().encode("Closing notes\n\nThe outrowombat checklist is reviewed every spring.") },
      ],
    });
    const job = () => db.prisma.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });

    // Some files done, most not: kill the worker without warning (no graceful stop, no chance to clean up).
    await until("the first worker to process some files", async () => (await job()).filesDone >= 10, 30_000, first.output);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    const atKill = await job();
    expect(atKill.status).toBe("running");
    expect(atKill.filesDone).toBeGreaterThanOrEqual(10);
    expect(atKill.filesDone).toBeLessThan(FILES_TOTAL);

    // A replacement worker: nothing tells it about the job; pg-boss hands it over once the heartbeat lapses.
    const second = startWorkerProcess();
    const done = await until(
      "the job to finish on the second worker",
      async () => {
        const j = await job();
        return j.status === "succeeded" || j.status === "failed" ? j : undefined;
      },
      45_000,
      () => `first worker:\n${first.output()}\nsecond worker:\n${second.output()}`,
    );

    // The second worker resumed where the first stopped instead of starting over.
    // (Its summary line is written before the job's row is updated, but reaches this process through a pipe.)
    const resumed = await until(
      "the second worker's summary",
      async () => /processed (\d+) file\(s\), (\d+) already done by an earlier attempt/.exec(second.output()) ?? undefined,
      10_000,
      second.output,
    );
    expect(Number(resumed[2])).toBe(atKill.filesDone + atKill.filesFailed);
    expect(Number(resumed[1]) + Number(resumed[2])).toBe(FILES_TOTAL);
    const queued = await queueJobEnded(boss, INGEST_QUEUE, jobId);
    expect(queued).toMatchObject({ state: "completed" });
    expect(queued.retryCount).toBeGreaterThanOrEqual(1);

    // Every document exactly once, ready, with exactly one version: the current one.
    const docs = await db.prisma.document.findMany({
      where: { source },
      select: { id: true, externalId: true, status: true, currentVersionId: true, versions: { select: { id: true, version: true } } },
    });
    const expectedIds = ["intro", "outro", ...Array.from({ length: ZIP_ENTRIES }, (_, i) => `wiki/page-${String(i).padStart(3, "0")}`)];
    expect(docs.map((d) => d.externalId).sort()).toEqual(expectedIds.sort());
    for (const d of docs) {
      expect(d.status, d.externalId).toBe("ready");
      expect(d.versions, d.externalId).toEqual([{ id: d.currentVersionId, version: 1 }]);
    }

    // Chunks: only those of current versions, each ordinal once (0..n-1), none left by the killed attempt.
    const chunks = await db.prisma.chunk.findMany({
      where: { document: { source } },
      select: { documentId: true, documentVersionId: true, ordinal: true },
      orderBy: [{ documentId: "asc" }, { ordinal: "asc" }],
    });
    const current = new Map(docs.map((d) => [d.id, d.currentVersionId]));
    const ordinals = new Map<string, number[]>();
    for (const c of chunks) {
      expect(c.documentVersionId).toBe(current.get(c.documentId));
      ordinals.set(c.documentId, [...(ordinals.get(c.documentId) ?? []), c.ordinal]);
    }
    expect(ordinals.size).toBe(docs.length);
    for (const list of ordinals.values()) expect(list).toEqual([...list.keys()]);
    const stray = await db.prisma.documentVersion.count({ where: { document: { source }, currentOf: null } });
    expect(stray).toBe(0);

    // Counters: every file counted once, every chunk counted once.
    expect(done).toMatchObject({ status: "succeeded", filesTotal: FILES_TOTAL, filesDone: FILES_TOTAL, filesFailed: 0, errors: [] });
    expect(done.chunksTotal).toBe(chunks.length);
    expect(done.chunksEmbedded).toBe(chunks.length);

    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 90_000);
});
