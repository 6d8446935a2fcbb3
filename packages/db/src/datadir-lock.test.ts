import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from "./datadir-lock";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lore-lock-"));
  dirs.push(dir);
  return dir;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("acquireDataDirLock", () => {
  it("records the owner and removes the file on release", () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir);
    const path = join(dir, LOCK_FILE);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, hostname: hostname() });
    lock.update({ url: "postgresql://127.0.0.1:1/postgres" });
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ url: "postgresql://127.0.0.1:1/postgres" });
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it("refuses a directory a live process owns, naming it and where it serves", () => {
    const dir = dataDir();
    // The parent process (vitest) is alive and is not us.
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({
        pid: process.ppid,
        hostname: hostname(),
        startedAt: "2026-01-01T00:00:00.000Z",
        url: "postgresql://127.0.0.1:54329/postgres",
      }),
    );
    expect(() => acquireDataDirLock(dir)).toThrowError(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrowError(new RegExp(`process ${process.ppid}.*127\\.0\\.0\\.1:54329`));
  });

  it("refuses a second claim from the same process", () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrowError(DataDirLockedError);
    lock.release();
  });

  it("takes over a lock left by a process that died", () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: "then" }));
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it("takes over an unreadable lock file", () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), "garbage");
    acquireDataDirLock(dir).release();
  });

  it("never judges a lock from another host stale", () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), hostname: "some-other-host", startedAt: "then" }));
    expect(() => acquireDataDirLock(dir)).toThrowError(/on host some-other-host/);
  });
});
