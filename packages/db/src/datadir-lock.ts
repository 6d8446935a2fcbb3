import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { redactPassword } from "./embedded-auth";

/** Name of the lock file the embedded server keeps inside its data directory while it runs. */
export const LOCK_FILE = "lore-server.lock";

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Where the owner serves the database, once it listens (without the password, which is in its own file). */
  url?: string;
}

export class DataDirLockedError extends Error {
  readonly code = "DATA_DIR_LOCKED";
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    // Lock files name the URL without the password; one written otherwise still never reaches a message.
    const where = owner.url ? ` and serves it at ${redactPassword(owner.url)}` : "";
    const host = owner.hostname === hostname() ? "" : ` on host ${owner.hostname}`;
    super(
      `The database in ${dataDir} is already open: process ${owner.pid}${host} (started ${owner.startedAt}) owns it${where}. ` +
        "Two processes writing the same PGlite data directory would corrupt it. Stop the other process, connect to it " +
        `instead, or use another LORE_DATA_DIR. If you are sure no such process exists, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid !== "number") return null;
    return { pid: parsed.pid, hostname: parsed.hostname ?? "unknown", startedAt: parsed.startedAt ?? "unknown", url: parsed.url };
  } catch {
    return null;
  }
}

/** A lock whose owner is gone. Locks from other hosts are never judged stale: we cannot see their processes. */
function isStale(owner: LockOwner | null): boolean {
  if (!owner) return true;
  if (owner.hostname !== hostname()) return false;
  if (owner.pid === process.pid) return false;
  return !isAlive(owner.pid);
}

/**
 * The process that holds `dataDir` now, from its lock file; null when none does (no lock, or one left by a process
 * that died). A lock taken on another host counts as held: its processes cannot be seen from here.
 */
export function dataDirOwner(dataDir: string): LockOwner | null {
  const owner = readOwner(join(dataDir, LOCK_FILE));
  return owner && !isStale(owner) ? owner : null;
}

export interface DataDirLock {
  /** Records where the database is served, so a second process can say so in its error. */
  update(details: { url: string }): void;
  release(): void;
}

/**
 * Claims `dataDir` for this process, or throws DataDirLockedError naming the live owner. A lock
 * left by a process that died is taken over. Exclusive creation (O_EXCL) makes the claim atomic;
 * a stale lock is first renamed aside so two processes cannot both take it over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };

  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(path);
      if (owner && !isStale(owner)) throw new DataDirLockedError(dataDir, owner);
      // An unreadable file may be a lock being written right now: give its writer a moment.
      if (!owner && attempt === 0) continue;
      const aside = `${path}.stale-${process.pid}-${attempt}`;
      try {
        renameSync(path, aside);
      } catch {
        continue; // another process moved it first; look again
      }
      const moved = readOwner(aside);
      if (moved && !isStale(moved)) {
        // Lost a race: what we moved is a fresh, live lock. Put it back unless the path was claimed
        // meanwhile (link, unlike rename, never replaces an existing file).
        try {
          linkSync(aside, path);
        } catch {
          /* claimed meanwhile; the next attempt reports whoever owns it */
        }
        try {
          unlinkSync(aside);
        } catch {
          /* already gone */
        }
        continue;
      }
      try {
        unlinkSync(aside);
      } catch {
        /* already gone */
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }

    let released = false;
    return {
      update(details) {
        if (released) return;
        writeFileSync(path, JSON.stringify({ ...me, ...details }));
      },
      release() {
        if (released) return;
        released = true;
        const owner = readOwner(path);
        // Never remove a lock that someone else took over (e.g. after a manual delete).
        if (owner && owner.pid === me.pid && owner.startedAt === me.startedAt) {
          try {
            unlinkSync(path);
          } catch {
            /* already gone */
          }
        }
      },
    };
  }
  const owner = readOwner(path);
  if (owner) throw new DataDirLockedError(dataDir, owner);
  throw new Error(`Could not create the lock file ${path}: it keeps changing under us. Is another Lore process starting?`);
}
