// What the app's server refuses before any work is done, and the client address it passes on: through the real
// server (apps/web/server.ts) in front of the built app.
import { WEB_URL, expect, test, trpcCall } from "./fixtures";

test("tRPC refuses a batch of more calls than it allows, and serves one within it", async ({ request }) => {
  const batch = (calls: number) => `/api/trpc/${Array.from({ length: calls }, () => "health.ping").join(",")}?batch=1`;
  const tooMany = await request.get(batch(1000));
  expect(tooMany.status()).toBe(400);
  const allowed = await request.get(batch(20));
  expect(allowed.status()).toBe(200);
  expect((await allowed.json()) as unknown[]).toHaveLength(20);
});

test("an oversized body is refused from its length, with a message that says the limit", async ({ request }) => {
  const signIn = await request.post("/api/auth/sign-in/email", {
    data: { email: "someone@lore.test", password: "x".repeat(200 * 1024) },
    headers: { origin: WEB_URL },
  });
  expect(signIn.status()).toBe(413);
  expect(await signIn.json()).toEqual({
    error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/more than the 64 KB this address accepts/) as unknown },
  });

  const trpc = await request.post("/api/trpc/session.me", { data: { json: "y".repeat(2 * 1024 * 1024) }, headers: { origin: WEB_URL } });
  expect(trpc.status()).toBe(413);
});

test("sign-ins are recorded with the connecting address, not a forwarded one a client made up", async ({
  playwright,
  makeUser,
  adminRequest,
}) => {
  const user = await makeUser("Spoofer");
  const client = await playwright.request.newContext();
  try {
    const signIn = await client.post(`${WEB_URL}/api/auth/sign-in/email`, {
      data: { email: user.email, password: user.password },
      headers: { origin: WEB_URL, "x-forwarded-for": "203.0.113.77" },
    });
    expect(signIn.status()).toBe(200);
  } finally {
    await client.dispose();
  }
  const log = await trpcCall(adminRequest, WEB_URL, "admin.audit.list", { limit: 50 }, "query");
  const entries = (log.data as { items: Array<{ action: string; actorId: string | null; ip: string | null }> }).items;
  const signInEntry = entries.find((e) => e.action === "auth.sign_in" && e.actorId === user.id);
  expect(signInEntry?.ip).toBe("127.0.0.1");
});
