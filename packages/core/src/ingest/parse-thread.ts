/**
 * Files are parsed in worker threads, stopped at a deadline. Parsing is CPU work that yields rarely or never (pdf.js
 * reading a page of millions of drawing operators, the Markdown parser on megabytes of text): on the main thread it
 * would hold up every other job, heartbeat and query of the process, and no Promise.race can interrupt it. A thread
 * can be stopped whatever it is doing: at the deadline it is terminated and the file fails with TIMED_OUT.
 *
 * A file's time starts when its thread is ready to parse. Threads are reused while idle (a new one first spends a few
 * hundred milliseconds loading the parsers, not counted): at most IDLE_THREADS wait, each for IDLE_MS, and an idle
 * thread never keeps the process alive. A thread that timed out or crashed is discarded. Its entry is plain JavaScript
 * (./parse-thread-entry.mjs) that loads this module through tsx, so it starts alike under `node --import tsx` (the
 * worker, the CLI), the tsx CLI and vitest.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { parseBytes, type ParseFileInput } from "./parse-bytes";
import { IngestError, timedOut, type IngestErrorCode, type IngestLimits, type ParseResult, type ParsedDocument } from "./types";

const IDLE_THREADS = 2;
const IDLE_MS = 30_000;
/** Longest a new thread may take to load the parsers. Not counted in a file's time: it is no file's doing. */
const STARTUP_MS = 60_000;

/** No parse thread could start (its entry or the parsers failed to load): no file's fault, and no file can be parsed. */
export class ParseThreadError extends Error {
  override readonly name = "ParseThreadError";
}

/** Parses one file in a parse thread, within `limits.parseTimeoutMs`. */
export async function parseInThread(input: ParseFileInput, limits: IngestLimits): Promise<ParseResult> {
  // A view into a larger buffer would be sent with all of that buffer: send just its bytes.
  const { bytes } = input;
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  const outcome = await runInThread({ input: { ...input, bytes: own }, limits }, limits.parseTimeoutMs);
  switch (outcome.kind) {
    case "timeout":
      throw timedOut(input.name, limits.parseTimeoutMs);
    case "unavailable":
      throw new ParseThreadError(`No file can be parsed: the parse thread did not start (${outcome.error.message}).`, {
        cause: outcome.error,
      });
    case "crash": {
      const why =
        (outcome.error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY" ? "it ran out of memory" : outcome.error.message;
      throw new IngestError(
        "CORRUPT",
        input.name,
        `"${input.name}" could not be read: the parser stopped (${why}). It may be damaged or built in an unusual way: save or export it again, or split it.`,
        { cause: outcome.error },
      );
    }
    case "reply": {
      const { reply } = outcome;
      if (!reply.ok) throw toIngestError(reply.error);
      return { documents: reply.documents, errors: reply.errors.map(toIngestError) };
    }
  }
}

/** What a thread is asked to parse. */
interface ParseRequest {
  input: ParseFileInput;
  limits: IngestLimits;
}

/** An {@link IngestError} as plain data: only plain data crosses between threads. */
interface ErrorFields {
  code: IngestErrorCode;
  file: string;
  message: string;
  line?: number;
  externalId?: string;
}

type ParseReply = { ok: true; documents: ParsedDocument[]; errors: ErrorFields[] } | { ok: false; error: ErrorFields };

type ThreadMessage = { type: "ready" } | { type: "reply"; reply: ParseReply };

/**
 * In the thread (./parse-thread-entry.mjs): parses one request and answers with plain data. Every failure is the
 * file's, so it comes back as an error of the file, never as an exception that would kill the thread.
 */
export async function serveParse(request: ParseRequest): Promise<ThreadMessage> {
  try {
    const result = await parseBytes(request.input, request.limits);
    return { type: "reply", reply: { ok: true, documents: result.documents, errors: result.errors.map(fieldsOf) } };
  } catch (err) {
    const { name } = request.input;
    const error = err instanceof IngestError ? err : new IngestError("CORRUPT", name, `"${name}" could not be read.`);
    return { type: "reply", reply: { ok: false, error: fieldsOf(error) } };
  }
}

function fieldsOf(error: IngestError): ErrorFields {
  return {
    code: error.code,
    file: error.file,
    message: error.message,
    ...(error.line === undefined ? {} : { line: error.line }),
    ...(error.externalId === undefined ? {} : { externalId: error.externalId }),
  };
}

function toIngestError(fields: ErrorFields): IngestError {
  return new IngestError(fields.code, fields.file, fields.message, {
    ...(fields.line === undefined ? {} : { line: fields.line }),
    ...(fields.externalId === undefined ? {} : { externalId: fields.externalId }),
  });
}

type Outcome =
  | { kind: "reply"; reply: ParseReply }
  | { kind: "timeout" }
  /** The thread died while parsing (out of memory, say): the file's doing. */
  | { kind: "crash"; error: Error }
  /** The thread died before it was ready to parse: nobody's file. */
  | { kind: "unavailable"; error: Error };

interface ParseThread {
  worker: Worker;
  /** Its entry has loaded the parsers. */
  ready: boolean;
  retire?: NodeJS.Timeout;
}

const idle: ParseThread[] = [];

/**
 * Runs one request on an idle thread or a new one; the thread is terminated unless it answers in time. The file's
 * time starts when the thread is ready to parse (a new thread first loads the parsers, within STARTUP_MS).
 */
function runInThread(request: ParseRequest, timeoutMs: number): Promise<Outcome> {
  const thread = idle.pop() ?? spawn();
  clearTimeout(thread.retire);
  const { worker } = thread;
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const startClock = () => {
      timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
    };
    const finish = (outcome: Outcome): void => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (outcome.kind === "reply") keepIdle(thread);
      else void worker.terminate();
      resolve(outcome);
    };
    const onMessage = (message: ThreadMessage) => {
      if (message.type === "reply") finish({ kind: "reply", reply: message.reply });
      else {
        clearTimeout(timer);
        startClock();
      }
    };
    const died = (error: Error) => finish(thread.ready ? { kind: "crash", error } : { kind: "unavailable", error });
    const onError = (error: Error) => died(error);
    const onExit = (code: number) => died(new Error(`the parse thread exited with code ${code}`));
    if (thread.ready) startClock();
    else timer = setTimeout(() => died(new Error(`it was not ready after ${STARTUP_MS / 1000} s`)), STARTUP_MS);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.ref();
    worker.postMessage(request);
  });
}

function spawn(): ParseThread {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "parse-thread-entry.mjs");
  // Constructed through Reflect: bundlers (the apps' Turbopack, which bundles this module without ever running
  // it) try to resolve a `new Worker(path)` at build time and fail on a computed path.
  const thread: ParseThread = { worker: Reflect.construct(Worker, [entry]) as Worker, ready: false };
  thread.worker.on("message", (message: ThreadMessage) => {
    if (message.type === "ready") thread.ready = true;
  });
  // Reported to the request it interrupts, if any; an idle thread that fails just leaves the pool.
  thread.worker.on("error", () => {});
  thread.worker.on("exit", () => forget(thread));
  return thread;
}

function keepIdle(thread: ParseThread): void {
  if (idle.length >= IDLE_THREADS) {
    void thread.worker.terminate();
    return;
  }
  thread.worker.unref();
  thread.retire = setTimeout(() => {
    forget(thread);
    void thread.worker.terminate();
  }, IDLE_MS).unref();
  idle.push(thread);
}

function forget(thread: ParseThread): void {
  clearTimeout(thread.retire);
  const at = idle.indexOf(thread);
  if (at !== -1) idle.splice(at, 1);
}
