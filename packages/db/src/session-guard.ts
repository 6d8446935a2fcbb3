import type { PGlite } from "@electric-sql/pglite";

/*
 * Why this exists
 * ---------------
 * PGlite is one Postgres backend. pglite-socket (0.2.17) lets many TCP connections share it by
 * queueing their protocol messages one at a time, and keeps a connection's messages together only
 * while a BEGIN … COMMIT block is open (it asks `db.isInTransaction()`).
 *
 * That is not enough. A query in the extended protocol is several messages (Parse, Bind,
 * Describe, Execute, Sync) that share backend state — the unnamed prepared statement and portal —
 * until the backend answers ReadyForQuery. When a client's messages arrive in more than one TCP
 * chunk (large parameters, a busy event loop), another connection's Parse can slip in between and
 * the first connection's Bind then runs the *other* query: wrong rows returned to the wrong
 * caller, silently. Reproduced here with 10 pooled `pg` connections and 300 kB parameters.
 *
 * The fix, without forking the library: the socket server gets a view of the database whose
 * `isInTransaction()` also reports "a connection is in the middle of a message sequence", i.e.
 * the backend's last reply did not end with ReadyForQuery. The server's queue then serves that
 * connection exclusively until the sequence (or the transaction) is over — the same mechanism it
 * already uses for transactions. When such a connection drops mid-sequence, the server calls
 * `exec("ROLLBACK")` on this view; we first close the dangling sequence with a Sync.
 *
 * embedded.int.test.ts reproduces the interleaving; if a pglite-socket upgrade changes how it
 * drives the database, that test fails rather than production data going wrong.
 */

const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S', length 4

/** Follows backend message framing across chunks to learn whether a reply ended with ReadyForQuery. */
class ReplyTracker {
  private header = new Uint8Array(5);
  private headerLength = 0;
  private remaining = 0;
  private lastType = 0;
  private sawAnything = false;

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        continue;
      }
      this.header[this.headerLength++] = chunk[i++] ?? 0;
      if (this.headerLength === 5) {
        this.lastType = this.header[0] ?? 0;
        const length = ((this.header[1] ?? 0) << 24) | ((this.header[2] ?? 0) << 16) | ((this.header[3] ?? 0) << 8) | (this.header[4] ?? 0);
        this.remaining = Math.max(0, length - 4);
        this.headerLength = 0;
        this.sawAnything = true;
      }
    }
  }

  get endedWithReadyForQuery(): boolean {
    return this.sawAnything && this.headerLength === 0 && this.remaining === 0 && this.lastType === READY_FOR_QUERY;
  }
}

export interface GuardedDatabase {
  /** Hand this to PGLiteSocketServer instead of the PGlite instance itself. */
  db: PGlite;
  /** Resolves when no message or cleanup is running against the database (used before close). */
  idle(): Promise<void>;
}

export function guardSession(target: PGlite): GuardedDatabase {
  // True while the connection served last is between the first message of a sequence and the
  // backend's ReadyForQuery.
  let midSequence = false;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];

  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await work();
    } finally {
      inFlight--;
      if (inFlight === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  };

  const overrides = {
    isInTransaction(): boolean {
      return midSequence || target.isInTransaction();
    },

    execProtocolRawStream(message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]): Promise<void> {
      return track(async () => {
        const reply = new ReplyTracker();
        const onRawData = options?.onRawData;
        await target.execProtocolRawStream(message, {
          ...options,
          onRawData: (chunk: Uint8Array) => {
            reply.feed(chunk);
            onRawData?.(chunk);
          },
        });
        // A Terminate gets no reply and ends the connection's conversation.
        midSequence = message[0] === TERMINATE ? false : !reply.endedWithReadyForQuery;
      });
    },

    // Only the socket server calls this, to clean up after a connection that went away while it
    // owned the session.
    exec(query: string, options?: Parameters<PGlite["exec"]>[1]): ReturnType<PGlite["exec"]> {
      return track(async () => {
        if (midSequence) {
          midSequence = false;
          await target.execProtocolRaw(SYNC_MESSAGE);
        }
        if (!target.isInTransaction()) return [];
        return target.exec(query, options);
      });
    },
  };

  const db = new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof typeof overrides];
      const value: unknown = Reflect.get(object, property, object);
      // PGlite keeps its state in private fields, so its methods must run with the real instance as `this`.
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });

  return {
    db,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
  };
}
