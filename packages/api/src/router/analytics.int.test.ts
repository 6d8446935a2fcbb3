// admin.analytics over real questions asked through chat.send: the summary counts them, the gaps cluster the
// unanswered ones, the dashboard's overview sees them; ranges are validated; employees are refused.
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();
let adminCookie = "";
let employeeCookie = "";

/** Yesterday to tomorrow (UTC): holds what the test asks now, even across midnight. */
function today() {
  const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

async function ask(cookie: string, question: string) {
  const caller = await h.callerFor(cookie);
  let answerId = "";
  let mode = "";
  for await (const event of await caller.chat.send({ question })) {
    if (event.type === "start") {
      mode = event.mode;
      answerId = event.assistantMessageId;
    }
  }
  return { answerId, mode };
}

beforeAll(async () => {
  adminCookie = (await h.createUser("admin")).cookie;
  employeeCookie = (await h.createUser("employee")).cookie;
});

describe("admin.analytics", () => {
  it("refuses employees", async () => {
    const caller = await h.callerFor(employeeCookie);
    expect(await errorCode(caller.admin.analytics.summary(today()))).toBe("FORBIDDEN");
    expect(await errorCode(caller.admin.analytics.gaps(today()))).toBe("FORBIDDEN");
    expect(await errorCode(caller.admin.analytics.overview())).toBe("FORBIDDEN");
  });

  it("counts questions asked in the chat, lists them with their answers and clusters the unanswered ones", async () => {
    // An empty knowledge base: every question is answered "not found".
    const first = await ask(employeeCookie, "Where is the VPN guide?");
    await ask(employeeCookie, "Where can I find the VPN guide?");
    expect(first.mode).toBe("not_found");

    const admin = await h.callerFor(adminCookie);
    const summary = await admin.admin.analytics.summary(today());
    expect(summary.totals).toMatchObject({ questions: 2, answered: 0, notFound: 2, notFoundShare: 1 });
    expect(summary.days).toHaveLength(2);
    expect(summary.recentQuestions.map((q) => q.text)).toEqual(["Where can I find the VPN guide?", "Where is the VPN guide?"]);
    expect(summary.recentQuestions[1]).toMatchObject({ answerId: first.answerId, mode: "not_found" });

    const gaps = await admin.admin.analytics.gaps({ ...today(), limit: 5 });
    expect(gaps.gaps).toHaveLength(1);
    expect(gaps.gaps[0]).toMatchObject({ count: 2 });

    const overview = await admin.admin.analytics.overview();
    expect(overview).toMatchObject({ questions: 2, notFoundShare: 1 });
  });

  it("validates the range: both dates, an end after the start, at most a year, a known time zone", async () => {
    const admin = await h.callerFor(adminCookie);
    expect(await errorCode(admin.admin.analytics.summary({} as never))).toBe("BAD_REQUEST");
    expect(await errorCode(admin.admin.analytics.summary({ from: "2026-03-02", to: "2026-03-01" }))).toBe("BAD_REQUEST");
    expect(await errorCode(admin.admin.analytics.summary({ from: "2024-01-01", to: "2026-01-01" }))).toBe("BAD_REQUEST");
    expect(await errorCode(admin.admin.analytics.summary({ from: "2026-01-01", to: "2026-01-02", timeZone: "Nowhere/City" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await errorCode(admin.admin.analytics.gaps({ from: "2026-01-01", to: "2026-13-01" }))).toBe("BAD_REQUEST");
    const hanoi = await admin.admin.analytics.summary({ from: "2026-01-01", to: "2026-01-08", timeZone: "Asia/Ho_Chi_Minh" });
    expect(hanoi.days).toHaveLength(7);
    expect(hanoi.range.timeZone).toBe("Asia/Ho_Chi_Minh");
  });
});
