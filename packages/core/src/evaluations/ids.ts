/**
 * Ids that sort in creation order (UUID version 7: 48 bits of milliseconds, then random bits, RFC 9562), so a set's
 * cases keep the order of the file they were imported from (and of their creation) by `ORDER BY id`: cases imported
 * together share one timestamp, and a counter in the random part keeps their order.
 */
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "@lore/db";

let lastMs = 0;
let counter = 0;

/** `count` UUIDv7 strings, increasing (also across calls in this process). */
export function sortableIds(count: number): string[] {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  }
  return Array.from({ length: count }, () => {
    // 12 bits of sequence (rand_a) then 62 random bits (rand_b); past 4,095 ids in one millisecond, borrow the next one.
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
    const sequence = counter++;
    const random = randomBytes(8);
    const hex =
      lastMs.toString(16).padStart(12, "0") +
      (0x7000 | sequence).toString(16).padStart(4, "0") +
      ((random[0]! & 0x3f) | 0x80).toString(16).padStart(2, "0") +
      random.subarray(1).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  });
}

/** A set's cases in order (by id, see above), after `cursor` (a case id). */
export function casesInOrder(
  db: PrismaClient,
  setId: string,
  page: { cursor?: string | undefined; take?: number | undefined; where?: Prisma.EvalCaseWhereInput } = {},
) {
  return db.evalCase.findMany({
    where: { setId, ...page.where, ...(page.cursor ? { id: { gt: page.cursor } } : {}) },
    orderBy: { id: "asc" },
    ...(page.take === undefined ? {} : { take: page.take }),
  });
}

/** A value as a JSON column takes it: plain data only (undefined fields dropped). */
export const toJson = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
