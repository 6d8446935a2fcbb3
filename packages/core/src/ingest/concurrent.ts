/**
 * Indexing several documents at once. One document is chunked and embedded in this process and then written by
 * the database; running a few at a time keeps both busy (docs/benchmarks.md, "Imports with the indexes in
 * place"). With a remote embedding API, whose every call waits on the network, the gain should be larger.
 *
 * Hand-written because the two things needed here come together in no dependency of the workspace: a producer
 * that waits for a free slot before it reads the next document (so a large import is never parsed far ahead),
 * and tasks with the same key that run one after the other, in the order they were given. (The same document
 * twice in one import is reported by `parseInputs` as DUPLICATE_ID; keying the tasks by document keeps two
 * writes of one document from ever racing, which would fail one of them on a unique constraint.)
 */

/** Documents indexed at once by one import (the worker's jobs, `lore import`). */
export const INDEXING_CONCURRENCY = 4;

export class TaskSlots {
  private readonly running = new Set<Promise<void>>();
  private readonly lastOfKey = new Map<string, Promise<void>>();

  constructor(readonly limit: number = INDEXING_CONCURRENCY) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Bad concurrency: ${limit}`);
  }

  /** Resolves when fewer than `limit` tasks are running. Meant for one producer, which calls {@link run} next. */
  async free(): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
  }

  /**
   * Starts `task`, after the previous task with the same `key` has settled (whether it succeeded or not).
   * Returns the task's own promise; the caller handles its result and its errors.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.lastOfKey.get(key);
    const result = previous ? previous.then(task) : task();
    // Settles, never rejects: the slot is tracked here, the outcome is the caller's.
    const settled: Promise<void> = result.then(
      () => this.done(key, settled),
      () => this.done(key, settled),
    );
    this.running.add(settled);
    this.lastOfKey.set(key, settled);
    return result;
  }

  /** Resolves when every task started so far has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private done(key: string, settled: Promise<void>): void {
    this.running.delete(settled);
    if (this.lastOfKey.get(key) === settled) this.lastOfKey.delete(key);
  }
}
