/**
 * Peak memory of the server while it takes one upload:
 *
 *   pnpm --filter @lore/api bench:upload [--path json|multipart|procedure|all] [--files 4] [--file-mb 25]
 *
 * - `json`: `documents.upload`, the tRPC procedure (one JSON body, the files base64-encoded), through tRPC's fetch
 *   adapter as the apps' /api/trpc route mounts it;
 * - `multipart`: `POST /api/uploads` (multipart/form-data, streamed into the upload-parts store), through the
 *   handler the admin app's route exports;
 * - `procedure`: `documents.upload` called in process with its input already parsed and held (the base64 strings
 *   count in the baseline): what the procedure itself adds, without tRPC's reading of the body.
 *
 * Each runs in a server process of its own (for the first two a plain Node HTTP server handing the handler a web
 * `Request` whose body streams from the socket as the handler reads it, as Next.js does), against a fresh embedded
 * database in another process, as `npm start` runs it: the figures are the server's alone, not the database's
 * nor the client's. The server takes a small upload first (modules loaded, code warm), then collects its garbage,
 * resets its peak resident set size (Linux: /proc/self/clear_refs) and takes the measured upload: `--files` files
 * of `--file-mb` MB of random bytes, sent as a real HTTP request with a Content-Length. The parts stored for the
 * job are checked against the bytes sent.
 *
 * stdout: one JSON object per way in; stderr: a summary.
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { PrismaClient } from "@lore/db";

const MB = 1024 * 1024;
const ORIGIN = "http://localhost:3001";
const PASSWORD = "bench password 0123456789";

type Way = "json" | "multipart" | "procedure";
const WAYS: Way[] = ["json", "multipart", "procedure"];

interface ServerStats {
  baseline_rss_mb: number;
  peak_rss_mb: number;
  baseline_heap_used_mb: number;
  peak_heap_used_mb: number;
  peak_external_mb: number;
  peak_array_buffers_mb: number;
}

export interface UploadBenchResult extends ServerStats {
  path: Way;
  files: number;
  upload_mb: number;
  request_mb: number;
  /** Peak resident set size during the upload, above the warm server's resident set size before it. */
  peak_rss_growth_mb: number;
  seconds: number;
  status: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / MB);

// ---------------------------------------------------------------------------------------------------------------
// The client: builds the request body as a stream, so the client never holds the upload either.

interface Body {
  contentType: string;
  length: number;
  chunks: () => AsyncGenerator<Uint8Array>;
}

/** `count` files of `size` random bytes, in pieces of `piece` bytes (a multiple of 3, so base64 pieces concatenate). */
async function* fileBytes(size: number, piece = 3 * 21_846): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < size; sent += piece) yield randomBytes(Math.min(piece, size - sent));
}

function jsonBody(names: string[], size: number): Body {
  const encoder = new TextEncoder();
  const head = (i: number) => `${i === 0 ? '{"json":{"files":[' : ","}{"name":${JSON.stringify(names[i])},"data":"`;
  const tail = '"}';
  const end = "]}}";
  const base64Length = 4 * Math.ceil(size / 3);
  const length =
    names.reduce((sum, _, i) => sum + Buffer.byteLength(head(i)) + base64Length + Buffer.byteLength(tail), 0) + Buffer.byteLength(end);
  return {
    contentType: "application/json",
    length,
    async *chunks() {
      for (let i = 0; i < names.length; i++) {
        yield encoder.encode(head(i));
        for await (const piece of fileBytes(size)) yield Buffer.from(piece.toString("base64"));
        yield encoder.encode(tail);
      }
      yield encoder.encode(end);
    },
  };
}

function multipartBody(names: string[], size: number): Body {
  const boundary = `----lore-bench-${randomBytes(8).toString("hex")}`;
  const head = (name: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename=${JSON.stringify(name)}\r\n` +
    `Content-Type: application/octet-stream\r\n\r\n`;
  const end = `--${boundary}--\r\n`;
  const length = names.reduce((sum, name) => sum + Buffer.byteLength(head(name)) + size + 2, 0) + Buffer.byteLength(end);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    async *chunks() {
      for (const name of names) {
        yield Buffer.from(head(name));
        yield* fileBytes(size);
        yield Buffer.from("\r\n");
      }
      yield Buffer.from(end);
    },
  };
}

const ROUTES: Record<Exclude<Way, "procedure">, { path: string; body: (names: string[], size: number) => Body }> = {
  json: { path: "/api/trpc/documents.upload", body: jsonBody },
  multipart: { path: "/api/uploads", body: multipartBody },
};

/** Sends the upload as one HTTP request (with a Content-Length, honouring backpressure); resolves with the reply. */
async function send(
  port: number,
  way: Exclude<Way, "procedure">,
  cookie: string,
  names: string[],
  size: number,
): Promise<{ status: number; body: string }> {
  const body = ROUTES[way].body(names, size);
  const request = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: ROUTES[way].path,
    headers: { "content-type": body.contentType, "content-length": body.length, cookie, origin: ORIGIN },
  });
  const reply = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (piece: string) => (text += piece));
      response.once("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.once("error", reject);
  });
  for await (const chunk of body.chunks()) {
    if (!request.write(chunk)) await Promise.race([once(request, "drain"), reply]);
  }
  request.end();
  return reply;
}

/** The job id in a reply of either way in (tRPC wraps its result as `{ result: { data: { json } } }`). */
function jobIdOf(body: string): string | null {
  const parsed = JSON.parse(body) as { jobId?: string; result?: { data?: { json?: { jobId?: string } } } };
  return parsed.jobId ?? parsed.result?.data?.json?.jobId ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// The server process.

type ToServer =
  { type: "prepare"; names: string[]; size: number } | { type: "mark" } | { type: "call" } | { type: "stats" } | { type: "exit" };
type FromServer =
  | { type: "ready"; port: number; cookie: string }
  | { type: "prepared" }
  | { type: "marked" }
  | { type: "called"; jobId: string }
  | { type: "stats"; stats: ServerStats };

function residentPeakBytes(): number | null {
  const line = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
  return line ? Number(line[1]) * 1024 : null;
}

async function serve(databaseUrl: string, way: Way): Promise<void> {
  const { createPrismaClient } = await import("@lore/db");
  const { getJobQueue } = await import("@lore/core/queue");
  const { createAuth } = await import("../src/auth");
  const db = createPrismaClient(databaseUrl);
  const auth = createAuth({ baseURL: ORIGIN, db, allowSignup: true, sso: null });
  await getJobQueue(db, databaseUrl); // documents.upload enqueues on the queue registered for its client

  let handle: (request: Request) => Promise<Response> = () => Promise.resolve(new Response(null, { status: 404 }));
  if (way === "json") {
    const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
    const { appRouter, createTRPCContext } = await import("../src");
    handle = (req) =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        router: appRouter,
        req,
        createContext: () => createTRPCContext({ headers: req.headers, auth, db }),
      });
  } else if (way === "multipart") {
    const { createUploadHandler } = await import("../src/uploads");
    handle = createUploadHandler({ auth, db, origin: ORIGIN });
  }

  // An admin, signed in through the real auth handler.
  const email = `bench-${Date.now()}@test.lore`;
  const signUp = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email, password: PASSWORD, name: "Bench admin" }),
    }),
  );
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  await db.user.update({ where: { email }, data: { role: "admin" } });
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");

  const server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    // As Next.js builds a route handler's request (NextRequestAdapter.fromNodeNextRequest): the Node request itself
    // as the body, which the web Request reads as an async iterable, as the handler pulls.
    const request = new Request(`${ORIGIN}${req.url}`, {
      method: req.method,
      headers,
      body: req as unknown as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    handle(request)
      .then(async (response) => {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => (headers[name] = value));
        res.writeHead(response.status, headers);
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        console.error(error);
        res.writeHead(500).end();
      });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");

  const peaks = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  let baseline = { rss: 0, heapUsed: 0 };
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    const m = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, m.rss);
    peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
    peaks.external = Math.max(peaks.external, m.external);
    peaks.arrayBuffers = Math.max(peaks.arrayBuffers, m.arrayBuffers);
  };
  const reply = (message: FromServer) => process.send!(message);
  // `procedure`: the input as tRPC hands it to the procedure, built before the baseline is taken.
  let input: { files: { name: string; data: string }[] } | undefined;
  const call = async () => {
    const { createCaller, createTRPCContext } = await import("../src");
    const caller = createCaller(await createTRPCContext({ headers: new Headers({ cookie }), auth, db }));
    return caller.documents.upload(input!);
  };
  process.on("message", (message: ToServer) => {
    if (message.type === "prepare") {
      // Through JSON, as tRPC parses it: strings on the heap (Node makes a large toString() an external string).
      const files = message.names.map((name) => ({ name, data: randomBytes(message.size).toString("base64") }));
      input = JSON.parse(JSON.stringify({ files })) as typeof input;
      reply({ type: "prepared" });
    } else if (message.type === "call") {
      void call().then(({ jobId }) => reply({ type: "called", jobId }));
    } else if (message.type === "mark") {
      (globalThis as { gc?: () => void }).gc?.();
      writeFileSync("/proc/self/clear_refs", "5"); // resets VmHWM, the peak resident set size
      Object.assign(peaks, { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });
      sample();
      baseline = { rss: peaks.rss, heapUsed: peaks.heapUsed };
      sampler = setInterval(sample, 5);
      reply({ type: "marked" });
    } else if (message.type === "stats") {
      clearInterval(sampler);
      sample();
      reply({
        type: "stats",
        stats: {
          baseline_rss_mb: mb(baseline.rss),
          peak_rss_mb: mb(Math.max(residentPeakBytes() ?? 0, peaks.rss)),
          baseline_heap_used_mb: mb(baseline.heapUsed),
          peak_heap_used_mb: mb(peaks.heapUsed),
          peak_external_mb: mb(peaks.external),
          peak_array_buffers_mb: mb(peaks.arrayBuffers),
        },
      });
    } else {
      server.close();
      void db.$disconnect().finally(() => process.exit(0));
    }
  });
  reply({ type: "ready", port: (server.address() as AddressInfo).port, cookie });
}

// ---------------------------------------------------------------------------------------------------------------
// The driver.

function ask<T extends FromServer["type"]>(
  child: ChildProcess,
  message: ToServer | null,
  type: T,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FromServer) => {
      if (reply.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(reply as Extract<FromServer, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`The benchmark's server exited (${code}).`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    if (message) child.send(message);
  });
}

async function measure(
  way: Way,
  database: { url: string; prisma: PrismaClient },
  files: number,
  fileBytes: number,
): Promise<UploadBenchResult> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", way, "--database-url", database.url], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: {
      // The server's settings; the rest of the environment (PATH, NODE_OPTIONS…) is handed on as it is.
      // eslint-disable-next-line no-restricted-properties
      ...process.env,
      BETTER_AUTH_SECRET: "bench-secret-0123456789-abcdefghijklmnop",
      ADMIN_URL: ORIGIN,
      AUTH_RATE_LIMIT: "false",
      LORE_MAX_FILE_MB: String(Math.max(25, Math.ceil(fileBytes / MB))),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const { port, cookie } = await ask(child, null, "ready");
    const names = Array.from({ length: files }, (_, i) => `file-${i + 1}.bin`);
    let upload: () => Promise<{ status: number; jobId: string | null; body: string }>;
    if (way === "procedure") {
      await ask(child, { type: "prepare", names: ["warm-up.bin"], size: 64 * 1024 }, "prepared");
      await ask(child, { type: "call" }, "called");
      await ask(child, { type: "prepare", names, size: fileBytes }, "prepared");
      upload = async () => ({ status: 200, body: "", jobId: (await ask(child, { type: "call" }, "called")).jobId });
    } else {
      const warm = await send(port, way, cookie, ["warm-up.bin"], 64 * 1024);
      if (warm.status !== 200) throw new Error(`The warm-up upload (${way}) failed: ${warm.status} ${warm.body.slice(0, 500)}`);
      upload = async () => {
        const reply = await send(port, way, cookie, names, fileBytes);
        return { ...reply, jobId: reply.status === 200 ? jobIdOf(reply.body) : null };
      };
    }
    await ask(child, { type: "mark" }, "marked");

    const started = performance.now();
    const reply = await upload();
    const seconds = (performance.now() - started) / 1000;
    const { stats } = await ask(child, { type: "stats" }, "stats");
    if (reply.status !== 200) throw new Error(`The upload (${way}) failed: ${reply.status} ${reply.body.slice(0, 500)}`);

    const jobId = reply.jobId;
    const [stored] = await database.prisma.$queryRaw<{ bytes: bigint | null }[]>`
      SELECT sum(octet_length(bytes))::bigint AS bytes FROM ingestion_upload_parts WHERE job_id = ${jobId}`;
    if (Number(stored?.bytes ?? 0) !== files * fileBytes) {
      throw new Error(`The job ${jobId} holds ${String(stored?.bytes)} bytes, not the ${files * fileBytes} sent.`);
    }
    await database.prisma.ingestionJob.deleteMany({}); // its parts go with it: the next run starts as empty
    return {
      path: way,
      files,
      upload_mb: mb(files * fileBytes),
      request_mb: mb(way === "procedure" ? ROUTES.json.body(names, fileBytes).length : ROUTES[way].body(names, fileBytes).length),
      ...stats,
      peak_rss_growth_mb: round(stats.peak_rss_mb - stats.baseline_rss_mb),
      seconds: round(seconds, 2),
      status: reply.status,
    };
  } finally {
    if (child.exitCode === null) {
      const exited = once(child, "exit");
      child.send({ type: "exit" } satisfies ToServer);
      await exited;
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      path: { type: "string", default: "all" },
      files: { type: "string", default: "4" },
      "file-mb": { type: "string", default: "25" },
      serve: { type: "string" },
      "database-url": { type: "string" },
    },
  });
  if (values.serve) return serve(values["database-url"]!, values.serve as Way);

  const ways: Way[] = values.path === "all" ? WAYS : [values.path as Way];
  if (!ways.every((w) => WAYS.includes(w))) throw new Error("--path is json, multipart, procedure or all.");
  const files = Number(values.files);
  const fileBytes = Math.round(Number(values["file-mb"]) * MB);
  if (!(Number.isInteger(files) && files > 0 && fileBytes > 0)) throw new Error("--files and --file-mb must be positive numbers.");

  const { startTemporaryDatabaseProcess } = await import("@lore/db/temporary");
  const database = await startTemporaryDatabaseProcess();
  try {
    for (const way of ways) {
      const result = await measure(way, database, files, fileBytes);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.stderr.write(
        `${way.padEnd(10)} ${result.upload_mb} MB in ${files} file(s), ${result.request_mb} MB request: peak RSS ${result.peak_rss_mb} MB ` +
          `(+${result.peak_rss_growth_mb} MB over ${result.baseline_rss_mb}), heap ${result.peak_heap_used_mb} MB, ` +
          `buffers ${result.peak_array_buffers_mb} MB, ${result.seconds} s\n`,
      );
    }
  } finally {
    await database.stop();
  }
}

await main();
