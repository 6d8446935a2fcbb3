// The extractive default on the demo company's wiki (prisma/seed), as `npm start` serves it: right citations
// in English and in Vietnamese, and "not found" for what the wiki does not cover, in each language.
import { beforeAll, describe, expect, it } from "vitest";
import { seed } from "@lore/db/seed";
import { useTestDatabase } from "@lore/db/testing";
import { embedPendingExamples } from "../fewshot";
import { getActiveEmbedder, indexPendingDocuments } from "../knowledge-base";
import type { Embedder } from "../embed";
import { answer, type AnswerEvent } from ".";

const database = useTestDatabase();
let embedder: Embedder;
let employeeId: string;

beforeAll(async () => {
  const db = database.prisma;
  await seed(db, { demo: true, admin: null, log: () => {} });
  embedder = await getActiveEmbedder(db);
  await indexPendingDocuments(db, { embedder, log: () => {} });
  await embedPendingExamples(db, embedder);
  employeeId = (await db.user.findUniqueOrThrow({ where: { email: "employee@lore.local" } })).id;
}, 120_000);

async function ask(question: string) {
  const events: AnswerEvent[] = [];
  for await (const event of answer({ db: database.prisma, embedder, model: null }, { question, userId: employeeId, persist: false })) {
    events.push(event);
  }
  const start = events.find((e) => e.type === "start");
  return {
    mode: start?.type === "start" ? start.mode : null,
    text: events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join(""),
    cited: events.flatMap((e) => (e.type === "citation" ? [e.citation.title] : [])),
  };
}

describe("the extractive default on the seeded wiki", () => {
  it.each([
    ["How many days of annual leave do I get after five years?", "Annual leave and public holidays", /27 days/],
    ["Where do I request time off?", "Annual leave and public holidays", /PeopleHub/],
    ["Nhân viên ở Việt Nam được hoàn bao nhiêu tiền cho bàn ghế và màn hình?", "Nhóm làm việc từ xa tại Việt Nam", /6\.000\.000/],
    ["Dịp Tết Nguyên Đán được nghỉ thêm mấy ngày?", "Nhóm làm việc từ xa tại Việt Nam", /hai ngày/],
  ])("answers %j citing %j", async (question, title, fact) => {
    const answered = await ask(question);
    expect(answered.mode).toBe("extractive");
    expect(answered.cited).toContain(title);
    expect(answered.text).toMatch(fact);
  });

  it.each([
    ["What is the recipe for the canteen's lasagne?", /knowledge base/i],
    ["Công thức món bánh mì của căng tin là gì?", /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/i],
  ])("says %j is not in the knowledge base, in its language", async (question, words) => {
    const answered = await ask(question);
    expect(answered.mode).toBe("not_found");
    expect(answered.cited).toEqual([]);
    expect(answered.text).toMatch(words);
  });
});
