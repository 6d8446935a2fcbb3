import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import { describe, expect, it } from "vitest";
import { HashingEmbedder, createHashingEmbedder, fmix32, fnv1a32 } from "./hashing";
import { isEmbeddingError } from "./types";
import { cosineSimilarity } from "./vector";

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Short company-wiki passages, one topic each (written for this test). */
const PASSAGES = {
  annualLeave:
    "Annual leave. Full-time employees are entitled to 25 days of paid holiday per year, plus public holidays. Up to five unused days can be carried over into the next year with your manager's approval.",
  sickLeave:
    "Sickness absence. If you are ill, tell your line manager before 10am on the first day. For absences longer than seven calendar days you must provide a fit note from a doctor.",
  parentalLeave:
    "Parental leave. Birth mothers get 26 weeks of maternity leave on full pay; partners get four weeks of paternity leave. Adoptive parents receive the same entitlements from the placement date.",
  expenses:
    "Expense claims. Submit receipts for travel, meals and accommodation in the finance portal within 30 days. Claims above 500 euros need approval from a budget holder before reimbursement.",
  travel:
    "Business travel. Book flights and hotels through the travel desk. Economy class is the default for flights under six hours; rail is preferred for journeys under four hours.",
  passwords:
    "Password policy. Passwords must be at least 14 characters long and unique to each system. Use the company password manager and turn on two-factor authentication everywhere.",
  phishing:
    "Reporting phishing. Never click links in unexpected emails asking for credentials. Forward suspicious messages to the security team with the Report Phish button, then delete them.",
  laptops:
    "Laptop and equipment. New starters receive a laptop on their first day. Lost or stolen devices must be reported to IT within 24 hours so that they can be wiped remotely.",
  remote:
    "Remote work. Staff may work from home up to three days a week. Working from another country for more than two weeks requires HR approval because of tax and insurance rules.",
  payroll:
    "Payroll. Salaries are paid on the last working day of each month. Payslips are available in the HR system; report any error in your pay to the payroll team within one month.",
} as const;
type Topic = keyof typeof PASSAGES;

/** Paraphrase-ish questions: the right passage shares some words or word forms, never the whole sentence. */
const QUERIES: [string, Topic][] = [
  ["How many holiday days do I get each year, and can I carry over unused ones?", "annualLeave"],
  ["I'm ill today, who do I need to tell and when do I need a doctor's note?", "sickLeave"],
  ["How long is maternity leave and what do partners get?", "parentalLeave"],
  ["How do I get reimbursed for a hotel and meals?", "expenses"],
  ["Can I fly business class or should I take the train?", "travel"],
  ["How long does my password have to be?", "passwords"],
  ["I got a suspicious email asking for my login, what should I do?", "phishing"],
  ["My laptop was stolen, who do I report it to?", "laptops"],
  ["Can I work from home or from abroad?", "remote"],
  ["When is salary paid and where do I find my payslip?", "payroll"],
];

describe("HashingEmbedder", () => {
  const embedder = createHashingEmbedder();

  it("has a stable id encoding the algorithm version and dimensions", () => {
    expect(embedder.id).toBe("hashing-v1-384");
    expect(embedder.dimensions).toBe(384);
    expect(createHashingEmbedder({ dimensions: 256 }).id).toBe("hashing-v1-256");
    // Non-default tuning makes different vectors, so it must make a different id.
    const tuned = createHashingEmbedder({ weights: { bigram: 1 } });
    expect(tuned.id).toMatch(/^hashing-v1-384-[0-9a-f]{8}$/);
    expect(createHashingEmbedder({ weights: { bigram: 1 } }).id).toBe(tuned.id);
  });

  it("is deterministic across calls and instances, and pinned to fixed hash values", async () => {
    const text = PASSAGES.expenses;
    const a = await embedder.embedQuery(text);
    const b = await embedder.embedQuery(text);
    const c = await new HashingEmbedder().embedQuery(text);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    // The hash is part of the stored-vector format: these values must never change without a version bump.
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    expect(fmix32(0)).toBe(0);
    expect(fmix32(fnv1a32("leave"))).toBe(fmix32(fnv1a32("leave")));
  });

  it("returns unit-length vectors of the configured dimensions, in input order", async () => {
    const texts = Object.values(PASSAGES);
    const vectors = await embedder.embedDocuments(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const [i, v] of vectors.entries()) {
      expect(v).toHaveLength(384);
      expect(norm(v)).toBeCloseTo(1, 10);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(v).toEqual(await embedder.embedQuery(texts[i]!));
    }
    const small = createHashingEmbedder({ dimensions: 64 });
    const v = await small.embedQuery("Expense claims need receipts");
    expect(v).toHaveLength(64);
    expect(norm(v)).toBeCloseTo(1, 10);
  });

  it("places similar texts closer than unrelated ones", async () => {
    const [base, near, far] = await embedder.embedDocuments([
      "Employees must submit their expense receipts within 30 days.",
      "Expense receipts have to be submitted by employees within thirty days.",
      "Two-factor authentication protects your account from phishing.",
    ]);
    expect(cosineSimilarity(base!, near!)).toBeGreaterThan(cosineSimilarity(base!, far!) + 0.2);
    // Word forms share character n-grams: "reimbursement" is closer to "reimbursed" than to an unrelated word.
    const [reimbursement, reimbursed, holiday] = await embedder.embedDocuments(["reimbursement", "reimbursed", "holiday"]);
    expect(cosineSimilarity(reimbursement!, reimbursed!)).toBeGreaterThan(0.3);
    expect(cosineSimilarity(reimbursement!, reimbursed!)).toBeGreaterThan(cosineSimilarity(reimbursement!, holiday!) + 0.2);
  });

  it("finds the right passage for paraphrased questions (top-1 for most)", async () => {
    const topics = Object.keys(PASSAGES) as Topic[];
    const passageVectors = await embedder.embedDocuments(topics.map((t) => PASSAGES[t]));
    let top1 = 0;
    const misses: string[] = [];
    for (const [question, expected] of QUERIES) {
      const q = await embedder.embedQuery(question);
      const ranked = topics.map((t, i) => ({ t, score: cosineSimilarity(q, passageVectors[i]!) })).sort((a, b) => b.score - a.score);
      if (ranked[0]!.t === expected) top1++;
      else misses.push(`${question} → ${ranked[0]!.t} (expected ${expected}, rank ${ranked.findIndex((r) => r.t === expected) + 1})`);
      // Even when not first, the right passage is near the top.
      expect(ranked.findIndex((r) => r.t === expected)).toBeLessThan(3);
    }
    console.log(`hashing: top-1 ${top1}/${QUERIES.length} on the test passages${misses.length ? `; misses: ${misses.join(" | ")}` : ""}`);
    expect(top1).toBeGreaterThanOrEqual(8);
  });

  describe("Vietnamese", () => {
    it("keeps diacritics meaning-bearing: bán (sell), bàn (table) and bạn (friend) are different words", async () => {
      const [ban1, ban2, ban3] = await embedder.embedDocuments(["bán", "bàn", "bạn"]);
      expect(cosineSimilarity(ban1!, ban2!)).toBeLessThan(0.3);
      expect(cosineSimilarity(ban1!, ban3!)).toBeLessThan(0.3);
      expect(cosineSimilarity(ban2!, ban3!)).toBeLessThan(0.3);
      // The same word typed decomposed (a + combining acute, as some keyboards and macOS file names do) is identical.
      expect(await embedder.embedQuery("ba\u0301n")).toEqual(ban1);
      expect(await embedder.embedQuery("BÁN")).toEqual(ban1);
    });

    it("puts a Vietnamese sentence closest to itself and to its near-duplicate", async () => {
      const sentences = [
        "Nhân viên được nghỉ phép năm 12 ngày có hưởng lương.",
        "Chi phí đi công tác phải được trưởng phòng phê duyệt trước khi thanh toán.",
        "Mật khẩu phải dài ít nhất 14 ký tự và không được dùng lại.",
        "Lương được trả vào ngày làm việc cuối cùng của mỗi tháng.",
        "Cửa hàng bán bàn ghế văn phòng cho bạn với giá tốt.",
      ];
      const nearDuplicate = "Mỗi nhân viên được nghỉ phép năm mười hai ngày có hưởng lương";
      const vectors = await embedder.embedDocuments(sentences);
      const probe = await embedder.embedQuery(sentences[0]!);
      const dup = await embedder.embedQuery(nearDuplicate);
      expect(cosineSimilarity(probe, vectors[0]!)).toBeCloseTo(1, 10);
      const scores = vectors.map((v) => cosineSimilarity(dup, v));
      expect(scores.indexOf(Math.max(...scores))).toBe(0);
      expect(scores[0]!).toBeGreaterThan(0.6);
      for (const other of scores.slice(1)) expect(scores[0]! - other).toBeGreaterThan(0.3);
    });
  });

  it("embeds scripts without spaces (Japanese, Thai, Chinese) through Intl.Segmenter", async () => {
    const [ja, jaNear, th, zh] = await embedder.embedDocuments([
      "従業員は年間二十日の有給休暇を取得できます。",
      "従業員は毎年二十日の有給休暇を取れます。",
      "พนักงานมีสิทธิ์ลาพักร้อนปีละสิบวัน",
      "员工每年可以享受二十天带薪年假。",
    ]);
    for (const v of [ja!, th!, zh!]) {
      expect(norm(v)).toBeCloseTo(1, 10);
      expect(v.some((x) => x !== 0)).toBe(true);
    }
    expect(cosineSimilarity(ja!, jaNear!)).toBeGreaterThan(0.5);
    expect(cosineSimilarity(ja!, jaNear!)).toBeGreaterThan(cosineSimilarity(ja!, th!) + 0.3);
  });

  it("returns a zero vector for text with nothing to embed (documented behaviour)", async () => {
    for (const text of ["", "   \n\t", "… — !!! ??"]) {
      const v = await embedder.embedQuery(text);
      expect(v).toHaveLength(384);
      expect(v.every((x) => x === 0)).toBe(true);
    }
    const [empty, word] = await embedder.embedDocuments(["", "leave"]);
    expect(empty!.every((x) => x === 0)).toBe(true);
    expect(norm(word!)).toBeCloseTo(1, 10);
  });

  it("embeds texts far larger than a chunk identically whether or not its feature table had to grow", async () => {
    // ~30,000 distinct features: several growths of the 16k-slot table.
    const long = Array.from({ length: 2_000 }, (_, i) => `policy${i} section${i % 97} ${PASSAGES.expenses}`).join(" ");
    const longer = `${long} ${long.toUpperCase()} extra words here`;
    const grown = new HashingEmbedder();
    await grown.embedQuery(longer); // its table is now large
    const fresh = new HashingEmbedder();
    const a = await fresh.embedQuery(long); // grows during this text
    const b = await grown.embedQuery(long); // no growth needed
    expect(a).toEqual(b);
    expect(norm(a)).toBeCloseTo(1, 10);
    // And a small text afterwards is unaffected by the large table.
    expect(await grown.embedQuery("annual leave")).toEqual(await new HashingEmbedder().embedQuery("annual leave"));
  });

  it("folds compatibility forms: full-width letters and ligatures from PDFs match plain text", async () => {
    expect(await embedder.embedQuery("ＰＡＹＲＯＬＬ ２０２６")).toEqual(await embedder.embedQuery("payroll 2026"));
    expect(await embedder.embedQuery("ﬁnance ofﬁce")).toEqual(await embedder.embedQuery("finance office"));
  });

  it("rejects invalid options with a CONFIG error", () => {
    const attempt = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const bad of [
      { dimensions: 0 },
      { dimensions: 3.5 },
      { stopWordWeight: 2 },
      { charNgramMin: 6, charNgramMax: 4 },
      { weights: { unigram: -1 } },
    ]) {
      const error = attempt(() => createHashingEmbedder(bad));
      expect(isEmbeddingError(error, "CONFIG"), JSON.stringify(bad)).toBe(true);
    }
  });

  it("is fast: throughput on ~400-token chunks (logged, not asserted)", async () => {
    // ~400-token chunks (counted with js-tiktoken, as the chunker does) built from the passages in varied order.
    const encoder = new Tiktoken(cl100k); // bundled ranks: nothing is downloaded
    const sentences = Object.values(PASSAGES)
      .flatMap((p) => p.split(/(?<=\.)\s+/))
      .map((text) => ({ text, tokens: encoder.encode(` ${text}`).length }));
    const chunks: string[] = [];
    let totalTokens = 0;
    for (let c = 0; c < 600; c++) {
      const parts: string[] = [];
      let tokens = 0;
      for (let i = c; tokens < 400; i += 7) {
        const sentence = sentences[i % sentences.length]!;
        parts.push(sentence.text);
        tokens += sentence.tokens;
      }
      chunks.push(parts.join(" "));
      totalTokens += tokens;
    }
    const meanTokens = totalTokens / chunks.length;
    const fresh = new HashingEmbedder();
    await fresh.embedDocuments(chunks.slice(0, 100)); // warm up the JIT
    const started = performance.now();
    const vectors = await fresh.embedDocuments(chunks);
    const seconds = (performance.now() - started) / 1000;
    expect(vectors).toHaveLength(chunks.length);
    console.log(
      `hashing throughput: ${Math.round(chunks.length / seconds)} chunks/s (${chunks.length} chunks of ~${Math.round(meanTokens)} tokens, one core)`,
    );
  });
});
