/**
 * The demo company's accounts have passwords printed in the README and at every `npm start`. This finds the
 * ones that still sign in with them, so Lore can warn at every start and refuse to serve them where anyone
 * but the person at the machine could reach the sign-in page.
 */
import { verifyPassword } from "better-auth/crypto";
import type { PrismaClient } from "./generated/prisma/client";
import { DEMO_USERS } from "./seed";

/** Emails of demo accounts whose password is still the published one (deleted or changed ones are safe). */
export async function demoAccountsWithPublicPasswords(prisma: PrismaClient): Promise<string[]> {
  const accounts = await prisma.account.findMany({
    where: { providerId: "credential", user: { email: { in: DEMO_USERS.map((u) => u.email) } } },
    select: { password: true, user: { select: { email: true } } },
  });
  const exposed: string[] = [];
  for (const account of accounts) {
    const demo = DEMO_USERS.find((u) => u.email === account.user.email);
    if (demo && account.password && (await verifyPassword({ hash: account.password, password: demo.password }))) {
      exposed.push(demo.email);
    }
  }
  return exposed.sort();
}

/** Why a start with demo accounts was refused; the message says what to do. */
export class PublicDemoAccountsError extends Error {
  override readonly name = "PublicDemoAccountsError";
  constructor(
    readonly emails: string[],
    reason: string,
  ) {
    super(
      `Refusing to start: the demo account${emails.length > 1 ? "s" : ""} ${emails.join(", ")} still ` +
        `${emails.length > 1 ? "have" : "has"} the password published in Lore's README, and ${reason}. ` +
        "Delete the demo accounts in the admin console (Users) or change their passwords, and start the demo only " +
        "on your own machine (LORE_SEED_DEMO=false keeps it out of a new database).",
    );
  }
}

/** The warning printed at every start while demo accounts keep their public passwords. */
export function publicDemoAccountsWarning(emails: string[]): string {
  return (
    `WARNING: the demo account${emails.length > 1 ? "s" : ""} ${emails.join(", ")} can be signed in to with the ` +
    "password published in Lore's README. Fine on your own machine; delete them or change their passwords before " +
    "anyone else can reach Lore."
  );
}

/**
 * Checks the demo accounts before a server starts. `exposedBecause` names why this start is not private to the
 * machine (a public listening address, NODE_ENV=production), or is null when it is. Throws
 * {@link PublicDemoAccountsError} when exposed accounts would be served; otherwise returns the warning to print,
 * or null when there is nothing to warn about.
 */
export async function checkDemoAccounts(prisma: PrismaClient, exposedBecause: string | null): Promise<string | null> {
  const emails = await demoAccountsWithPublicPasswords(prisma);
  if (emails.length === 0) return null;
  if (exposedBecause) throw new PublicDemoAccountsError(emails, exposedBecause);
  return publicDemoAccountsWarning(emails);
}
