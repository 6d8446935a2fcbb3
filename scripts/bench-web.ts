/// <reference lib="dom" />
// `pnpm bench:web`: the employee app's speed, measured against the running product. Starts it on free ports (a
// throw-away embedded database with the demo company, a production build, a local fake OpenAI-compatible model
// that answers at once), then measures
//   1. first-load JavaScript of the chat routes, gzipped, from the build (and as a browser loads `/`);
//   2. Enter → first visible token in Chromium, N runs (p50/p95), and the layout shift while the answer streams;
//   3. U users streaming `chat.send` at the same time over HTTP (errors, time to first token p50/p95).
// One JSON object on stdout, a summary on stderr. Needs the build lock on a shared machine (docs/benchmarks.md).
//
//   pnpm bench:web [--runs 20] [--users 50] [--skip-browser] [--skip-concurrency] [--verbose] [--out result.json]
// The build's log goes to stdout before the JSON (the JSON is the last line); --out also writes it to a file.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "@playwright/test";
import { DEMO_PASSWORDS } from "@lore/db/seed";
import { startBenchStack } from "./lib/bench-stack";
import { scriptSettings } from "./lib/env";
import { firstLoadJs, gzipSize } from "./lib/first-load-js";
import { fail, log, ROOT } from "./lib/processes";
import { percentile, round } from "./lib/stats";
import { signIn, streamingClient, trpcMutation, type Session } from "./lib/web-client";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    users: { type: "string", default: "50" },
    "skip-browser": { type: "boolean", default: false },
    "skip-concurrency": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const runs = Number(args.runs);
const users = Number(args.users);
if (!Number.isInteger(runs) || runs < 1) fail("--runs must be a whole number of at least 1");
if (!Number.isInteger(users) || users < 1) fail("--users must be a whole number of at least 1");

const WEB_DIR = join(ROOT, "apps/web");
const QUESTIONS = [
  "Can I carry over unused holiday to next year?",
  "How many days of sick leave do I get?",
  "When are expense claims reimbursed?",
  "What is the parental leave policy?",
  "How do I report a security incident?",
];
// Instant and cited, so the chat renders a realistic answer (chips, sources) at no model cost.
const REPLY = { deltas: ["You can carry over up to 5 days", " of unused holiday [1].", " Use them by 31 March [1]."] };

const summary = (values: number[]) => ({ n: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) });

/** Enter → first answer text painted, measured inside the page (performance.now), after warm-up runs. */
async function browserFirstToken(browser: Browser, webUrl: string) {
  const context = await browser.newContext({ baseURL: webUrl, viewport: { width: 1280, height: 800 } });
  try {
    const signedIn = await context.request.post("/api/auth/sign-in/email", {
      data: { email: "employee@lore.local", password: DEMO_PASSWORDS.employee },
      headers: { origin: webUrl },
    });
    if (!signedIn.ok()) throw new Error(`sign-in failed: ${signedIn.status()}`);
    const page = await context.newPage();

    // What a browser downloads to show `/` (a cross-check of the build's figure; gzip of the same files).
    const scripts = new Set<string>();
    page.on("response", (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith("/_next/static/") && path.endsWith(".js")) scripts.add(path);
    });
    await page.goto("/", { waitUntil: "load" });
    await page.getByTestId("composer-input").waitFor();
    const observedGzip = [...scripts].reduce((sum, p) => sum + gzipSize(join(WEB_DIR, ".next", p.slice("/_next".length))), 0);
    const browserLoad = { route: "/", files: scripts.size, gzipKB: Math.round((observedGzip / 1024) * 10) / 10 };

    const warmUp = 3;
    const times: number[] = [];
    const shifts: number[] = [];
    for (let i = 0; i < warmUp + runs; i++) {
      if (i > 0) await page.goto("/");
      const input = page.getByTestId("composer-input");
      await input.fill(QUESTIONS[i % QUESTIONS.length]!);
      // The observer is armed before the key press; both ends are timed by the page's own clock.
      await page.evaluate(() => {
        // Layout shift while the answer streams: the sum of layout-shift entries not caused by input (as CLS counts).
        const shifted = window as unknown as { __shift: number };
        shifted.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
            if (!entry.hadRecentInput) shifted.__shift += entry.value;
        }).observe({ type: "layout-shift" });
        const w = window as unknown as { __firstToken: Promise<number> };
        w.__firstToken = new Promise<number>((resolve) => {
          let start: number | null = null;
          const before = document.querySelectorAll('[data-testid="message-assistant"]').length;
          window.addEventListener(
            "keydown",
            (e) => {
              if (e.key === "Enter" && start === null) start = performance.now();
            },
            { capture: true },
          );
          const observer = new MutationObserver(() => {
            const messages = document.querySelectorAll('[data-testid="message-assistant"]');
            const text = messages[messages.length - 1]?.querySelector('[data-testid="answer-text"]')?.textContent?.trim();
            if (start !== null && messages.length > before && text) {
              observer.disconnect();
              // The next frame: the text is on screen, not only in the DOM.
              requestAnimationFrame(() => resolve(performance.now() - start!));
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      });
      await input.press("Enter");
      const ms = await page.evaluate(() => (window as unknown as { __firstToken: Promise<number> }).__firstToken);
      await page.locator('[data-testid="message-assistant"][data-status="complete"]').last().waitFor({ timeout: 30_000 });
      const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
      if (i >= warmUp) {
        times.push(ms);
        shifts.push(shift);
      }
    }
    const layoutShift = { max: Math.round(Math.max(...shifts) * 1e4) / 1e4, runsWithShift: shifts.filter((v) => v > 0).length };
    return { browserLoad, firstToken: { ...summary(times), warmUp, ms: times.map(round) }, layoutShift };
  } finally {
    await context.close();
  }
}

/** U separate users, created by the demo admin and signed in, each sending one question at the same moment. */
async function concurrentStreams(webUrl: string) {
  const admin = await signIn(webUrl, "admin@lore.local", DEMO_PASSWORDS.admin);
  const stamp = Date.now().toString(36);
  const sessions: Session[] = [];
  for (let i = 0; i < users; i++) {
    const credentials = { email: `bench-${stamp}-${i}@bench.lore`, password: `bench-password-${stamp}-${i}`, name: `Bench ${i}` };
    await trpcMutation(admin, "admin.users.create", { ...credentials, role: "employee" });
    sessions.push(await signIn(webUrl, credentials.email, credentials.password));
  }
  const clients = sessions.map(streamingClient);
  const started = performance.now();
  const results = await Promise.all(
    clients.map(async (client, i) => {
      const t0 = performance.now();
      let first: number | null = null;
      try {
        for await (const event of await client.mutation("chat.send", { question: QUESTIONS[i % QUESTIONS.length] })) {
          if (event.type === "text" && first === null) first = performance.now() - t0;
          if (event.type === "error") return { error: `${event.code}: ${event.message}` };
        }
        if (first === null) return { error: "no text" };
        return { first, total: performance.now() - t0 };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const ok = results.filter((r): r is { first: number; total: number } => !("error" in r));
  const errors = results.filter((r): r is { error: string } => "error" in r);
  return {
    users,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((e) => e.error))].slice(0, 5),
    firstTokenMs: summary(ok.map((r) => r.first)),
    completeMs: summary(ok.map((r) => r.total)),
    wallMs: round(performance.now() - started),
  };
}

const stack = await startBenchStack({ fakeModel: true, quiet: !args.verbose }).catch((error: unknown) =>
  fail(`could not start the product: ${error instanceof Error ? error.message : String(error)}`),
);
stack.model!.setDefaultReply(REPLY);
log(`product up at ${stack.webUrl}`);
let code = 0;
try {
  const routes = firstLoadJs(WEB_DIR, ["/"]);
  try {
    routes.push(...firstLoadJs(WEB_DIR, ["/c/[id]"]));
  } catch (error) {
    log(`skipping /c/[id]: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result: Record<string, unknown> = {
    bench: "web",
    date: new Date().toISOString(),
    firstLoadJs: { targetGzipKB: 200, routes },
  };
  if (!args["skip-browser"]) {
    const browser = await chromium.launch({
      executablePath: scriptSettings().chromiumPath ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    try {
      const { browserLoad, firstToken, layoutShift } = await browserFirstToken(browser, stack.webUrl);
      (result.firstLoadJs as Record<string, unknown>).browserObserved = browserLoad;
      result.browserFirstTokenMs = { targetP50: 300, ...firstToken };
      result.layoutShiftWhileStreaming = layoutShift;
    } finally {
      await browser.close();
    }
  }
  if (!args["skip-concurrency"]) result.concurrentStreams = await concurrentStreams(stack.webUrl);
  process.stdout.write(JSON.stringify(result) + "\n");
  if (args.out) writeFileSync(args.out, JSON.stringify(result, null, 2) + "\n");

  for (const r of routes) log(`first-load JS ${r.route}: ${r.gzipKB} KB gzipped (${r.rawKB} KB raw, ${r.chunks} chunks), target ≤ 200`);
  const ft = result.browserFirstTokenMs as { p50: number; p95: number } | undefined;
  if (ft) log(`Enter → first visible token: p50 ${ft.p50} ms, p95 ${ft.p95} ms over ${runs} runs, target p50 ≤ 300`);
  const ls = result.layoutShiftWhileStreaming as { max: number; runsWithShift: number } | undefined;
  if (ls) log(`layout shift while streaming: at most ${ls.max} (in ${ls.runsWithShift} of ${runs} runs), target 0`);
  const cs = result.concurrentStreams as Awaited<ReturnType<typeof concurrentStreams>> | undefined;
  if (cs)
    log(`${cs.users} concurrent streams: ${cs.errors} errors, first token p50 ${cs.firstTokenMs.p50} ms, p95 ${cs.firstTokenMs.p95} ms`);
} catch (error) {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  code = 1;
} finally {
  await stack.stop();
}
process.exit(code);
