import { describe, expect, it } from "vitest";
import { jobTimings, readSettings } from "./env";

describe("core settings", () => {
  it("default to pg-boss timings of 30 s heartbeat and 60 s supervision", () => {
    expect(jobTimings(readSettings({}))).toEqual({ heartbeatSeconds: 30, superviseIntervalSeconds: 60 });
    expect(jobTimings(readSettings({ LORE_JOB_HEARTBEAT_SECONDS: "", LORE_JOB_SUPERVISE_SECONDS: "" }))).toEqual({ heartbeatSeconds: 30, superviseIntervalSeconds: 60 });
  });

  it("read the job timings from the environment", () => {
    expect(jobTimings(readSettings({ LORE_JOB_HEARTBEAT_SECONDS: "10", LORE_JOB_SUPERVISE_SECONDS: "1" }))).toEqual({ heartbeatSeconds: 10, superviseIntervalSeconds: 1 });
  });

  it("reject bad values with a message naming the variable", () => {
    expect(() => readSettings({ LORE_JOB_HEARTBEAT_SECONDS: "5" })).toThrow(/LORE_JOB_HEARTBEAT_SECONDS must be at least 10/);
    expect(() => readSettings({ LORE_JOB_SUPERVISE_SECONDS: "soon" })).toThrow(/LORE_JOB_SUPERVISE_SECONDS must be a whole number/);
  });
});
