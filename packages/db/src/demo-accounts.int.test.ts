import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { describe, expect, it } from "vitest";
import { checkDemoAccounts, demoAccountsWithPublicPasswords, PublicDemoAccountsError } from "./demo-accounts";
import { DEMO_PASSWORDS } from "./seed";
import { useTestDatabase } from "./testing";

describe("demo accounts with public passwords", () => {
  const db = useTestDatabase();

  async function createAccount(email: string, password: string) {
    const id = randomUUID();
    await db.prisma.user.create({
      data: {
        id,
        email,
        name: email,
        emailVerified: true,
        accounts: { create: { id: randomUUID(), accountId: id, providerId: "credential", password: await hashPassword(password) } },
      },
    });
  }

  it("finds the demo accounts that still sign in with the published password, and only those", async () => {
    expect(await checkDemoAccounts(db.prisma, "Lore listens on 0.0.0.0")).toBeNull();

    await createAccount("admin@lore.local", DEMO_PASSWORDS.admin);
    await createAccount("employee@lore.local", "a password nobody published");
    await createAccount("someone@corp.example", DEMO_PASSWORDS.admin);
    expect(await demoAccountsWithPublicPasswords(db.prisma)).toEqual(["admin@lore.local"]);

    // Private to the machine: a warning, every start.
    expect(await checkDemoAccounts(db.prisma, null)).toMatch(/WARNING: the demo account admin@lore\.local can be signed in to/);
    // Reachable by others: refused, with what to do.
    const refusal = await checkDemoAccounts(db.prisma, "Lore listens on 0.0.0.0").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PublicDemoAccountsError);
    expect((refusal as Error).message).toMatch(
      /Refusing to start: the demo account admin@lore\.local .*Lore listens on 0\.0\.0\.0.*Delete the demo accounts/,
    );

    // Once its password is changed, the account is an ordinary one.
    await db.prisma.account.updateMany({
      where: { user: { email: "admin@lore.local" } },
      data: { password: await hashPassword("changed after the first sign-in") },
    });
    expect(await checkDemoAccounts(db.prisma, "NODE_ENV is production")).toBeNull();
  });
});
