import { describe, expect, it } from "vitest";
import { ingestLimits, jobTimings, readSettings } from "./env";
import { DEFAULT_LIMITS } from "./ingest/types";

describe("core settings", () => {
  it("default to pg-boss timings of 30 s heartbeat and 60 s supervision", () => {
    expect(jobTimings(readSettings({}))).toEqual({ heartbeatSeconds: 30, superviseIntervalSeconds: 60 });
    expect(jobTimings(readSettings({ LORE_JOB_HEARTBEAT_SECONDS: "", LORE_JOB_SUPERVISE_SECONDS: "" }))).toEqual({
      heartbeatSeconds: 30,
      superviseIntervalSeconds: 60,
    });
  });

  it("read the job timings from the environment", () => {
    expect(jobTimings(readSettings({ LORE_JOB_HEARTBEAT_SECONDS: "10", LORE_JOB_SUPERVISE_SECONDS: "1" }))).toEqual({
      heartbeatSeconds: 10,
      superviseIntervalSeconds: 1,
    });
  });

  it("default to the built-in ingestion limits (25 MB per file, 10,000 entries and 200 MB per zip, 60 s to parse a file)", () => {
    expect(ingestLimits(readSettings({}))).toEqual(DEFAULT_LIMITS);
    expect(ingestLimits(readSettings({})).parseTimeoutMs).toBe(60_000);
  });

  it("read the ingestion limits in megabytes and seconds, fractions allowed", () => {
    const limits = ingestLimits(
      readSettings({
        LORE_MAX_FILE_MB: "50",
        LORE_ZIP_MAX_ENTRIES: "500",
        LORE_ZIP_MAX_TOTAL_MB: "0.5",
        LORE_PARSE_TIMEOUT_SECONDS: "2.5",
      }),
    );
    expect(limits).toEqual({ maxFileBytes: 50 * 1024 * 1024, maxZipEntries: 500, maxZipTotalBytes: 512 * 1024, parseTimeoutMs: 2500 });
  });

  it("reject bad values with a message naming the variable", () => {
    expect(() => readSettings({ LORE_MAX_FILE_MB: "0" })).toThrow(/LORE_MAX_FILE_MB must be more than 0/);
    expect(() => readSettings({ LORE_MAX_FILE_MB: "25MB" })).toThrow(/LORE_MAX_FILE_MB must be a number of megabytes/);
    expect(() => readSettings({ LORE_MAX_FILE_MB: "200" })).toThrow(/LORE_MAX_FILE_MB can be at most 100/);
    expect(() => readSettings({ LORE_ZIP_MAX_ENTRIES: "1.5" })).toThrow(/LORE_ZIP_MAX_ENTRIES must be a whole number/);
    expect(() => readSettings({ LORE_PARSE_TIMEOUT_SECONDS: "0" })).toThrow(/LORE_PARSE_TIMEOUT_SECONDS must be more than 0/);
    expect(() => readSettings({ LORE_PARSE_TIMEOUT_SECONDS: "1m" })).toThrow(/LORE_PARSE_TIMEOUT_SECONDS must be a number of seconds/);
    expect(() => readSettings({ LORE_JOB_HEARTBEAT_SECONDS: "5" })).toThrow(/LORE_JOB_HEARTBEAT_SECONDS must be at least 10/);
    expect(() => readSettings({ LORE_JOB_SUPERVISE_SECONDS: "soon" })).toThrow(/LORE_JOB_SUPERVISE_SECONDS must be a whole number/);
  });
});
