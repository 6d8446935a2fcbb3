import { beforeAll, describe, expect, it } from "vitest";
import { makePdf, utf8 } from "../testing/file-builders";
import { makeSlowPdf } from "./__fixtures__/slow-pdf";
import { parseFile, parseInputs } from "./parse-file";
import { DEFAULT_LIMITS, IngestError } from "./types";

let slowPdf: Uint8Array;
beforeAll(async () => {
  slowPdf = await makeSlowPdf({ text: "Quarterly figures" });
});

/** Milliseconds of CPU this process (all its threads) spends during the next `ms` milliseconds of wall time. */
async function cpuDuring(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe("the parse time limit (finding 9)", () => {
  it("is 60 s unless configured", () => {
    expect(DEFAULT_LIMITS.parseTimeoutMs).toBe(60_000);
  });

  it(
    "stops a parse that runs past it, with TIMED_OUT naming the file and the limit, without blocking this thread",
    { timeout: 20_000 },
    async () => {
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 20);
      const started = performance.now();
      const error = await parseFile({ name: "reports/q3.pdf", bytes: slowPdf }, { parseTimeoutMs: 1000 }).then(
        () => null,
        (err: unknown) => err,
      );
      const elapsed = performance.now() - started;
      clearInterval(ticker);

      expect(error).toBeInstanceOf(IngestError);
      expect(error).toMatchObject({ code: "TIMED_OUT", file: "reports/q3.pdf" });
      expect((error as IngestError).message).toMatch(
        /^"reports\/q3\.pdf" took longer than 1 s to parse, so it was stopped and not imported\./,
      );
      expect((error as IngestError).toJSON()).toEqual({
        code: "TIMED_OUT",
        file: "reports/q3.pdf",
        message: (error as IngestError).message,
      });
      // At the deadline, not when pdf.js would have finished (minutes).
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(elapsed).toBeLessThan(10_000);
      // The parse ran elsewhere: timers here kept firing meanwhile (a parse on this thread would have starved them).
      expect(ticks).toBeGreaterThan(elapsed / 20 / 3);
      // And it was stopped, not left running: the process is idle again (well under a millisecond of CPU; a parse left
      // running, as a Promise.race would leave it, burns hundreds of milliseconds in these 600).
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await cpuDuring(600)).toBeLessThan(100);
    },
  );

  it("is a per-file failure: the other files of the batch are parsed, in their own time", { timeout: 20_000 }, async () => {
    const inputs = [
      { name: "notes.md", bytes: utf8("# Notes\n\nThe kiwifruit budget is approved.") },
      { name: "q3.pdf", bytes: slowPdf },
      { name: "travel.pdf", bytes: await makePdf({ title: "Travel", pages: [["Book trains under four hours."]] }) },
    ];
    const results = [];
    for await (const result of parseInputs(inputs, { parseTimeoutMs: 2000 })) results.push(result);
    expect(results.map((r) => [r.file, r.documents.map((d) => d.externalId), r.errors.map((e) => e.code)])).toEqual([
      ["notes.md", ["notes"], []],
      ["q3.pdf", [], ["TIMED_OUT"]],
      ["travel.pdf", ["travel"], []],
    ]);
    expect(results[1]?.errors[0]?.message).toMatch(/took longer than 2 s to parse/);
  });
});
