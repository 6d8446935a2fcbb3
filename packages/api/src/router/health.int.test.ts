import { describe, expect, it } from "vitest";
import { useHarness } from "../../test/harness";

const h = useHarness();

describe("health and session", () => {
  it("health.ping reports the database up, without signing in", async () => {
    const result = await (await h.callerFor()).health.ping();
    expect(result).toMatchObject({ ok: true, db: "up" });
  });
});
